/* A host application: integrates the formula given on its command line.
 *
 *   integrate FORMULA LOWER UPPER [VALUE ...]
 *
 * e.g. integrate 'exp(-a*x*x)' -inf inf 2. The values are the formula's
 * parameters, in order of first appearance. */
#include <llcjit/llcjit.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s FORMULA LOWER UPPER [VALUE ...]\n", argv[0]);
    return 2;
  }
  llcjit_callback *f = NULL;
  llcjit_options options;
  llcjit_options_init(&options);
  options.kind = LLCJIT_KIND_QUAD;
  if (llcjit_compile(NULL, argv[1], &options, &f) != LLCJIT_OK) {
    fprintf(stderr, "%s\n", llcjit_last_error());
    return 2;
  }
  double params[16];
  const size_t count = (size_t)(argc - 4);
  for (size_t i = 0; i < count && i < 16; ++i)
    params[i] = strtod(argv[4 + i], NULL);
  llcjit_quad_result result;
  if (llcjit_quad(f, params, count, strtod(argv[2], NULL), strtod(argv[3], NULL), NULL, &result) !=
      LLCJIT_OK) {
    fprintf(stderr, "%s\n", llcjit_last_error());
    llcjit_callback_release(f);
    return 2;
  }
  printf("%.17g +- %.3g (%d evaluations)\n", result.value, result.abserr, result.neval);
  llcjit_callback_release(f);
  return result.ier == 0 ? 0 : 1;
}
