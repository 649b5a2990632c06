// Reference conv_general_dilated. For every output spatial position we list the
// (lhs offset, rhs offset) pairs of kernel taps that land on a real (not padded,
// not dilation-hole) input element; the inner loop is then a plain dot product.
//
// Semantics (canonical N, C, spatial order): with F feature groups and G batch
// groups, output feature o uses lhs features [gf*Cg, (gf+1)*Cg) where
// gf = o / (O/F), and lhs batch gb*(N/G) + n where gb = o / (O/G).
import { isFloat } from "../../core/dtypes.ts";
import { prod, stridesOf } from "../../core/shape.ts";
import { convGeneralDilatedP } from "../../lax/conv.ts";
import { alloc, defKernel } from "./kernel.ts";

defKernel(convGeneralDilatedP, ([x, w], [la, ra], p, [oa]) => {
  const { lhs_spec: ls, rhs_spec: rs, out_spec: os } = p.dimension_numbers;
  const nsp = ls.length - 2;
  const lst = stridesOf(la.shape);
  const rst = stridesOf(ra.shape);
  const ost = stridesOf(oa.shape);
  const N = la.shape[ls[0]];
  const O = ra.shape[rs[0]];
  const Cg = ra.shape[rs[1]];
  const F = p.feature_group_count;
  const G = p.batch_group_count;
  const inSp = ls.slice(2).map((d) => la.shape[d]);
  const kSp = rs.slice(2).map((d) => ra.shape[d]);
  const outSp = os.slice(2).map((d) => oa.shape[d]);
  const outS = prod(outSp);
  const kS = prod(kSp);

  // CSR lists of valid taps per output spatial position.
  const start = new Int32Array(outS + 1);
  const lOff: number[] = [];
  const rOff: number[] = [];
  const oOff = new Int32Array(outS);
  const y = new Array<number>(nsp).fill(0);
  const k = new Array<number>(nsp).fill(0);
  for (let s = 0; s < outS; s++) {
    let rem = s;
    for (let i = nsp - 1; i >= 0; i--) {
      y[i] = rem % outSp[i];
      rem = Math.floor(rem / outSp[i]);
    }
    let oo = 0;
    for (let i = 0; i < nsp; i++) oo += y[i] * ost[os[2 + i]];
    oOff[s] = oo;
    start[s] = lOff.length;
    for (let kf = 0; kf < kS; kf++) {
      let r2 = kf;
      for (let i = nsp - 1; i >= 0; i--) {
        k[i] = r2 % kSp[i];
        r2 = Math.floor(r2 / kSp[i]);
      }
      let lo = 0;
      let ro = 0;
      let ok = true;
      for (let i = 0; i < nsp && ok; i++) {
        const q = y[i] * p.window_strides[i] + k[i] * p.rhs_dilation[i] - p.padding[i][0];
        const ld = p.lhs_dilation[i];
        if (q < 0 || q % ld !== 0 || q / ld >= inSp[i]) ok = false;
        else {
          lo += (q / ld) * lst[ls[2 + i]];
          ro += k[i] * rst[rs[2 + i]];
        }
      }
      if (ok) {
        lOff.push(lo);
        rOff.push(ro);
      }
    }
  }
  start[outS] = lOff.length;
  const lo = Int32Array.from(lOff);
  const ro = Int32Array.from(rOff);

  const out = alloc(oa);
  const intMode = !isFloat(oa.dtype);
  const nOut = oa.shape[os[0]];
  const perF = O / F;
  const perG = O / G;
  const nPerG = N / G;
  for (let n = 0; n < nOut; n++) {
    for (let o = 0; o < O; o++) {
      const gf = Math.floor(o / perF);
      const gb = Math.floor(o / perG);
      const lBase = (gb * nPerG + n) * lst[ls[0]] + gf * Cg * lst[ls[1]];
      const rBase = o * rst[rs[0]];
      const oBase = n * ost[os[0]] + o * ost[os[1]];
      for (let s = 0; s < outS; s++) {
        const a = start[s];
        const b = start[s + 1];
        let acc = 0;
        for (let c = 0; c < Cg; c++) {
          const lc = lBase + c * lst[ls[1]];
          const rc = rBase + c * rst[rs[1]];
          if (intMode) for (let t = a; t < b; t++) acc = (acc + Math.imul(x[lc + lo[t]], w[rc + ro[t]])) | 0;
          else for (let t = a; t < b; t++) acc += x[lc + lo[t]] * w[rc + ro[t]];
        }
        out[oBase + oOff[s]] = acc;
      }
    }
  }
  return [out];
});
