// Every primitive states its params type (the conventions are in
// src/core/primitive.ts's header): the modules below declare all the
// registered primitives (checked at run time), and none of their exported
// primitives has the untyped `Primitive<Params>` (checked by tsc, which
// type-checks this file as part of `npm test`).
import assert from "node:assert/strict";
import { test } from "node:test";
import "../../src/index.ts";
import { allPrimitives, type Params, Primitive } from "../../src/core/primitive.ts";
import * as broadcast from "../../src/lax/broadcast.ts";
import * as complexPrims from "../../src/lax/complex.ts";
import * as fftPrims from "../../src/lax/fft.ts";
import * as cond from "../../src/lax/control/cond.ts";
import * as scan from "../../src/lax/control/scan.ts";
import * as whileLoop from "../../src/lax/control/while.ts";
import * as conv from "../../src/lax/conv.ts";
import * as dot from "../../src/lax/dot.ts";
import * as dynamicSlice from "../../src/lax/dynamic_slice.ts";
import * as elementwise from "../../src/lax/elementwise.ts";
import * as gatherScatter from "../../src/lax/gather_scatter.ts";
import * as layout from "../../src/lax/layout.ts";
import * as linalg from "../../src/lax/linalg.ts";
import * as linalgDecomp from "../../src/lax/linalg_decomp.ts";
import * as linalgHouseholder from "../../src/lax/linalg_householder.ts";
import * as reduce from "../../src/lax/reduce.ts";
import * as reducePrecision from "../../src/lax/reduce_precision.ts";
import * as topK from "../../src/lax/top_k.ts";
import * as shapeOps from "../../src/lax/shape_ops.ts";
import * as sort from "../../src/lax/sort.ts";
import * as special from "../../src/lax/special.ts";
import * as stopGradient from "../../src/lax/stop_gradient.ts";
import * as threefry from "../../src/random/threefry.ts";
import * as randomGamma from "../../src/random/gamma.ts";
import * as callbacks from "../../src/debug/callback_prims.ts";
import * as customJvp from "../../src/transforms/custom_jvp.ts";
import * as customVjp from "../../src/transforms/custom_vjp.ts";
import * as checkpoint from "../../src/transforms/checkpoint.ts";
import * as customSolve from "../../src/lax/custom_solve.ts";
import * as linalgComplex from "../../src/lax/linalg_complex.ts";
import * as linalgEig from "../../src/lax/linalg_eig.ts";
import * as collectives from "../../src/lax/collectives.ts";
import { type Equal, expectTrue } from "../types/expect.ts";

const modules = {
  broadcast,
  complexPrims,
  fftPrims,
  cond,
  scan,
  whileLoop,
  conv,
  dot,
  dynamicSlice,
  elementwise,
  gatherScatter,
  layout,
  linalg,
  linalgDecomp,
  linalgHouseholder,
  reduce,
  reducePrecision,
  topK,
  shapeOps,
  sort,
  special,
  stopGradient,
  threefry,
  randomGamma,
  callbacks,
  customJvp,
  customVjp,
  checkpoint,
  customSolve,
  linalgComplex,
  linalgEig,
  collectives,
};

/** The names of a module's exported primitives whose params are untyped (`Params`: any string key). */
type UntypedPrimitives<M> = {
  [K in keyof M]: M[K] extends Primitive<infer P> ? (string extends keyof P ? K : never) : never;
}[keyof M];
type Untyped = { [M in keyof typeof modules]: UntypedPrimitives<(typeof modules)[M]> }[keyof typeof modules];
expectTrue<Equal<Untyped, never>>();
// The check bites: a primitive declared as plain `Primitive` is reported.
expectTrue<Equal<UntypedPrimitives<{ fooP: Primitive<Params> }>, "fooP">>();

test("every registered primitive is exported by a module whose primitives are checked for typed params", () => {
  const exported = new Set(Object.values(modules).flatMap((m) => Object.values(m).filter((v) => v instanceof Primitive)));
  const missing = allPrimitives()
    .filter((p) => !exported.has(p))
    .map((p) => p.name);
  assert.deepEqual(missing, []);
});
