/* lwIP's test/unit/lwip_check.h includes <config.h>; nothing is needed here. */
