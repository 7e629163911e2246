/*
 * Signature strings: "<ret>_<args>", e.g. "w_o1w" (returns u32; an out
 * buffer sized by argument 1, then a u32). The generator writes them, the
 * loader and the call path read them. A filled out-buffer "p<d><xx>" says
 * in two hex digits how many bytes each unit of the return value fills; a
 * filled out-array "P<d><svc>" counts references.
 */
#include "loader.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static const char *parse_svc(const char **p, uint32_t *id)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int h = hexval((*p)[i]);
		if (h < 0)
			return "reference type needs 8 lowercase hex digits";
		v = v << 4 | (uint32_t)h;
	}
	*p += 8;
	*id = v;
	return NULL;
}

const char *sig_parse(const char *s, struct callsig *out)
{
	const char *p = s;
	const char *e;

	__builtin_memset(out, 0, sizeof(*out));
	switch (*p++) {
	case 'v':
		out->ret = K_VOID;
		break;
	case 'w':
		out->ret = K_W;
		break;
	case 'q':
		out->ret = K_Q;
		break;
	case 'r':
		out->ret = K_REF;
		if ((e = parse_svc(&p, &out->ret_svc)))
			return e;
		break;
	default:
		return "bad return type";
	}
	if (*p++ != '_')
		return "missing '_' after the return type";
	while (*p) {
		if (out->nargs == 4)
			return "more than 4 arguments";
		unsigned n = out->nargs++;
		char c = *p++;
		switch (c) {
		case 'w':
			out->kind[n] = K_W;
			break;
		case 'q':
			out->kind[n] = K_Q;
			break;
		case 'r':
			out->kind[n] = K_REF;
			if ((e = parse_svc(&p, &out->ref_svc[n])))
				return e;
			break;
		case 'i':
		case 'o':
		case 'b':
			out->kind[n] = c == 'i' ? K_IN : c == 'o' ? K_OUT : K_INOUT;
			if (*p < '0' || *p > '3')
				return "buffer needs a size argument index 0-3";
			out->size_arg[n] = (uint8_t)(*p++ - '0');
			break;
		case 'p': {
			out->kind[n] = K_OUT;
			if (*p < '0' || *p > '3')
				return "buffer needs a size argument index 0-3";
			out->size_arg[n] = (uint8_t)(*p++ - '0');
			int hi = hexval(p[0]), lo = hi < 0 ? -1 : hexval(p[1]);
			if (lo < 0 || (hi | lo) == 0)
				return "filled buffer needs its unit in 2 lowercase hex digits, not 00";
			out->fill[n] = (uint8_t)(hi << 4 | lo);
			p += 2;
			break;
		}
		case 'I':
		case 'O':
		case 'P':
			out->kind[n] = c == 'I' ? K_REFS_IN : K_REFS_OUT;
			out->fill[n] = c == 'P';
			if (*p < '0' || *p > '3')
				return "reference array needs a count argument index 0-3";
			out->size_arg[n] = (uint8_t)(*p++ - '0');
			if ((e = parse_svc(&p, &out->ref_svc[n])))
				return e;
			break;
		default:
			return "bad argument type";
		}
	}
	for (unsigned i = 0; i < out->nargs; i++) {
		if (out->kind[i] < K_IN)
			continue;
		unsigned z = out->size_arg[i];
		if (z >= out->nargs || (out->kind[z] != K_W && out->kind[z] != K_Q))
			return "buffer size argument is not a u32/u64 argument";
	}
	for (unsigned i = 0; i < out->nargs; i++)
		out->filled |= out->fill[i] != 0;
	/* the return value is the length: a reference or nothing cannot be one */
	if (out->filled && out->ret != K_W && out->ret != K_Q)
		return "a filled buffer needs a u32/u64 return value";
	out->results = out->ret == K_REF;
	for (unsigned i = 0; i < out->nargs; i++) {
		/* in/inout buffers need no work in one address space */
		if (out->kind[i] == K_REF || out->kind[i] == K_OUT || out->kind[i] >= K_REFS_IN)
			out->work |= (uint8_t)(1u << i);
		out->results |= out->kind[i] == K_REFS_OUT;
	}
	out->simple = out->ret != K_REF && !out->work;
	return NULL;
}
