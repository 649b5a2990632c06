"""Golden outputs of whole JAX programs for test/examples/programs.test.ts.

Each program is what a JAX user writes (a training loop, per-example
gradients, random sampling, indexing updates, printing ...); its TypeScript
port lives in test/examples/programs/*.ts under the same name. Every value a
program records (`o(label, value)`) is stored with shape, dtype, weak type and
data; strings (printed text) exactly; errors by type and first line.

    JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_programs_goldens.py
Writes test/goldens/programs.json.
"""
import contextlib, io, json, math, os
from functools import partial
import numpy as np
import jax, jax.numpy as jnp
from jax import lax, random
import jax.scipy.special as jss
import jax.scipy.stats as jst

PROGRAMS = {}


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


def enc_val(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return f


def enc_leaf(v):
    if isinstance(v, str):
        return {"text": v}
    if v is None:
        return {"none": True}
    if isinstance(v, (bool, int, float)):
        return {"py": type(v).__name__, "data": [enc_val(v)]}
    if hasattr(v, "dtype") and jax.dtypes.issubdtype(v.dtype, jax.dtypes.prng_key):
        return {"key": True, "shape": list(v.shape), "data": [enc_val(x) for x in np.asarray(random.key_data(v)).ravel()]}
    a = np.asarray(v)
    weak = bool(getattr(v, "weak_type", False))
    if np.iscomplexobj(a):
        data = []
        for z in a.ravel():
            data += [enc_val(z.real), enc_val(z.imag)]
    else:
        data = [enc_val(x) for x in a.ravel()]
    return {"shape": list(a.shape), "dtype": str(a.dtype), "weak": weak, "data": data}


class Rec:
    def __init__(self):
        self.out = []

    def __call__(self, label, value, tol=None):
        leaves, _ = jax.tree_util.tree_flatten_with_path(value, is_leaf=lambda x: x is None)
        if isinstance(value, (dict, list, tuple)):
            for path, leaf in leaves:
                self._put(label + jax.tree_util.keystr(path), leaf, tol)
        else:
            self._put(label, value, tol)

    def _put(self, label, value, tol):
        e = enc_leaf(value)
        e["label"] = label
        if tol is not None:
            e["tol"] = tol
        self.out.append(e)

    def raises(self, label, thunk):
        try:
            thunk()
        except Exception as err:  # noqa
            msg = str(err).strip().split("\n")[0]
            self.out.append({"label": label, "error": type(err).__name__, "message": msg})
            return
        self.out.append({"label": label, "error": "none", "message": "did not raise"})

    def printed(self, label, thunk):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            thunk()
            jax.effects_barrier()
        self.out.append({"label": label, "text": buf.getvalue()})


# ---------------------------------------------------------------- training


@program
def mlp_sgd(o):
    key = random.PRNGKey(0)
    sizes = [3, 8, 2]
    params = []
    for din, dout in zip(sizes[:-1], sizes[1:]):
        key, wk = random.split(key)
        params.append({"w": random.normal(wk, (din, dout)) * jnp.sqrt(2.0 / din), "b": jnp.zeros(dout)})

    def predict(params, x):
        for layer in params[:-1]:
            x = jax.nn.relu(x @ layer["w"] + layer["b"])
        return x @ params[-1]["w"] + params[-1]["b"]

    def loss(params, x, y):
        return jnp.mean((predict(params, x) - y) ** 2)

    @jax.jit
    def step(params, x, y):
        l, g = jax.value_and_grad(loss)(params, x, y)
        return jax.tree.map(lambda p, g: p - 0.05 * g, params, g), l

    x = random.uniform(random.PRNGKey(1), (16, 3), minval=-1, maxval=1)
    y = jnp.stack([x.sum(1), x[:, 0] * x[:, 1]], axis=1)
    losses = []
    for _ in range(25):
        params, l = step(params, x, y)
        losses.append(l)
    o("losses", jnp.stack(losses), tol=1e-4)
    o("params", params, tol=1e-4)
    o("pred0", predict(params, x[:2]), tol=1e-4)


@program
def adam_dict(o):
    def init_adam(params):
        z = jax.tree.map(jnp.zeros_like, params)
        return {"m": z, "v": z, "t": 0}

    def adam_update(grads, state, params, lr=0.1, b1=0.9, b2=0.999, eps=1e-8):
        t = state["t"] + 1
        m = jax.tree.map(lambda m, g: b1 * m + (1 - b1) * g, state["m"], grads)
        v = jax.tree.map(lambda v, g: b2 * v + (1 - b2) * g * g, state["v"], grads)
        mhat = jax.tree.map(lambda m: m / (1 - b1**t), m)
        vhat = jax.tree.map(lambda v: v / (1 - b2**t), v)
        new = jax.tree.map(lambda p, m, v: p - lr * m / (jnp.sqrt(v) + eps), params, mhat, vhat)
        return new, {"m": m, "v": v, "t": t}

    xs = jnp.linspace(-1, 1, 20)
    ys = 3 * xs - 0.5 + 0.1 * jnp.sin(5 * xs)
    params = {"slope": jnp.array(0.0), "intercept": jnp.array(0.0)}
    state = init_adam(params)

    def loss(p):
        return jnp.mean((p["slope"] * xs + p["intercept"] - ys) ** 2)

    update = jax.jit(adam_update)
    for i in range(40):
        g = jax.grad(loss)(params)
        params, state = update(g, state, params)
    o("params", params, tol=1e-4)
    o("t", state["t"])
    o("m", state["m"], tol=1e-4)
    o("loss", loss(params), tol=1e-4)


@program
def logistic_regression(o):
    k1, k2, k3 = random.split(random.PRNGKey(42), 3)
    X = random.normal(k1, (64, 4))
    true_w = jnp.array([1.5, -2.0, 0.5, 0.0])
    y = (X @ true_w + 0.3 * random.normal(k2, (64,)) > 0).astype(jnp.float32)
    w = jnp.zeros(4)
    b = 0.0

    def nll(w, b, X, y):
        logits = X @ w + b
        return -jnp.mean(y * jax.nn.log_sigmoid(logits) + (1 - y) * jax.nn.log_sigmoid(-logits))

    grad_fn = jax.jit(jax.grad(nll, argnums=(0, 1)))
    for epoch in range(3):
        perm = random.permutation(random.fold_in(k3, epoch), 64)
        for batch in perm.reshape(4, 16):
            gw, gb = grad_fn(w, b, X[batch], y[batch])
            w = w - 0.5 * gw
            b = b - 0.5 * gb
    o("w", w, tol=1e-4)
    o("b", b, tol=1e-4)
    acc = jnp.mean((X @ w + b > 0) == (y > 0.5))
    o("acc", acc)
    o("nll", nll(w, b, X, y), tol=1e-4)


@program
def cnn_step(o):
    key = random.PRNGKey(3)
    kx, kw, kd = random.split(key, 3)
    x = random.normal(kx, (2, 1, 6, 6))  # NCHW
    params = {"conv": random.normal(kw, (4, 1, 3, 3)) * 0.3, "dense": random.normal(kd, (4 * 2 * 2, 3)) * 0.1}
    labels = jnp.array([0, 2])

    def forward(p, x):
        h = lax.conv_general_dilated(x, p["conv"], (1, 1), "SAME")
        h = jax.nn.relu(h)
        h = lax.reduce_window(h, -jnp.inf, lax.max, (1, 1, 3, 3), (1, 1, 3, 3), "VALID")
        h = h.reshape(h.shape[0], -1)
        return h @ p["dense"]

    def loss(p):
        logits = forward(p, x)
        return -jnp.mean(jnp.sum(jax.nn.log_softmax(logits) * jax.nn.one_hot(labels, 3), axis=-1))

    l, g = jax.jit(jax.value_and_grad(loss))(params)
    o("loss", l, tol=1e-4)
    o("grads", g, tol=1e-4)
    o("logits", forward(params, x), tol=1e-4)


@program
def per_example_grads(o):
    def loss(w, x, y):
        return (jnp.tanh(x @ w) - y) ** 2

    w = jnp.array([0.5, -0.3, 0.1])
    xs = jnp.arange(12.0).reshape(4, 3) / 10
    ys = jnp.array([0.1, -0.2, 0.3, 0.0])
    g = jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))(w, xs, ys)
    o("per_example", g)
    o("mean_matches", jnp.allclose(g.mean(0), jax.grad(lambda w: jnp.mean(jax.vmap(loss, (None, 0, 0))(w, xs, ys)))(w)))
    norms = jnp.linalg.norm(g, axis=1)
    clipped = g / jnp.maximum(1.0, norms / 0.1)[:, None]
    o("clipped", clipped)
    o("jit_vmap", jax.jit(jax.vmap(jax.value_and_grad(loss), in_axes=(None, 0, 0)))(w, xs, ys))


@program
def jit_static(o):
    @partial(jax.jit, static_argnums=(1, 2))
    def poly(x, n, mode):
        acc = jnp.zeros_like(x)
        for k in range(n):
            acc = acc + x**k
        return acc if mode == "sum" else acc / n

    x = jnp.array([0.5, 2.0])
    o("sum3", poly(x, 3, "sum"))
    o("mean4", poly(x, 4, "mean"))
    o("int_in", poly(jnp.array([1, 2]), 2, "sum"))
    o("weak_in", poly(2.5, 2, "sum"))

    @jax.jit
    def f(x, y):
        return x * y + 1

    o("py_scalars", f(2, 3))
    o("mixed", f(jnp.int8(2), 3))
    o("float_weak", f(2.5, jnp.ones(2, jnp.float16)))


@program
def scan_rnn(o):
    k1, k2, k3 = random.split(random.PRNGKey(7), 3)
    Wh = random.normal(k1, (4, 4)) * 0.5
    Wx = random.normal(k2, (2, 4)) * 0.5
    xs = random.normal(k3, (5, 2))

    def cell(carry, x):
        h = jnp.tanh(carry["h"] @ Wh + x @ Wx)
        return {"h": h, "n": carry["n"] + 1, "s": carry["s"] + h.sum()}, (h, h.mean())

    init = {"h": jnp.zeros(4), "n": 0, "s": 0.0}
    carry, (hs, means) = lax.scan(cell, init, xs)
    o("carry", carry)
    o("hs", hs)
    o("means", means)
    carry_r, hs_r = lax.scan(lambda c, x: (c + x, c * x), jnp.zeros(2), xs, reverse=True)
    o("rev", (carry_r, hs_r))

    def loss(Wh):
        def body(h, x):
            h = jnp.tanh(h @ Wh + x @ Wx)
            return h, None

        h, _ = lax.scan(body, jnp.zeros(4), xs)
        return jnp.sum(h**2)

    o("grad", jax.grad(loss)(Wh), tol=1e-4)
    c, ys = lax.scan(lambda c, _: (c * 2, c), 1, None, length=4)
    o("counter", (c, ys))


@program
def newton_loops(o):
    def newton_sqrt(a):
        def cond(s):
            x, i = s
            return (jnp.abs(x * x - a) > 1e-6) & (i < 50)

        def body(s):
            x, i = s
            return 0.5 * (x + a / x), i + 1

        return lax.while_loop(cond, body, (a, 0))

    o("sqrt2", newton_sqrt(jnp.float32(2.0)))
    o("vmapped", jax.vmap(newton_sqrt)(jnp.array([4.0, 9.0, 0.25])))
    o("fori", lax.fori_loop(0, 10, lambda i, acc: acc + i * i, 0))
    o("fori_float", lax.fori_loop(0, 5, lambda i, x: x * 1.5, 1.0))
    o("fori_tuple", lax.fori_loop(1, 6, lambda i, c: (c[0] * i, c[1] + c[0]), (jnp.array(1.0), jnp.array(0.0))))

    def cube_root(y):
        return lax.fori_loop(0, 20, lambda i, x: x - (x**3 - y) / (3 * x**2), y)

    o("cube_root", jax.jit(cube_root)(jnp.array([8.0, 27.0, 2.0])))
    o("cube_root_grad", jax.grad(lambda y: cube_root(y))(8.0), tol=1e-4)


# ---------------------------------------------------------------- random


@program
def random_basic(o):
    key = random.PRNGKey(0)
    o("key", key)
    k1, k2 = random.split(key)
    o("split", (k1, k2))
    o("split3", random.split(key, 3))
    o("fold_in", random.fold_in(key, 7))
    o("normal", random.normal(k1, (2, 3)))
    o("uniform", random.uniform(k2, (4,), minval=-2.0, maxval=3.0))
    o("uniform_scalar", random.uniform(k2))
    o("randint", random.randint(k1, (6,), 0, 10))
    o("randint_neg", random.randint(k2, (2, 2), -5, 5))
    o("bits", random.bits(k1, (3,)))
    o("normal_f16", random.normal(k1, (3,), dtype=jnp.float16))
    k = random.key(42)
    o("key_data", random.key_data(k))
    o("typed_split", random.key_data(random.split(k, 2)))
    o("typed_normal", random.normal(k, (3,)))
    keys = random.split(random.PRNGKey(5), 4)
    o("vmapped", jax.vmap(lambda k: random.uniform(k, (2,)))(keys))


@program
def random_discrete(o):
    key = random.PRNGKey(11)
    ks = random.split(key, 8)
    logits = jnp.log(jnp.array([0.1, 0.2, 0.7]))
    o("categorical", random.categorical(ks[0], logits, shape=(10,)))
    o("categorical_batch", random.categorical(ks[1], jnp.zeros((2, 5))))
    o("permutation_int", random.permutation(ks[2], 10))
    o("permutation_arr", random.permutation(ks[3], jnp.arange(12).reshape(4, 3)))
    o("permutation_axis1", random.permutation(ks[3], jnp.arange(12).reshape(4, 3), axis=1, independent=True))
    o("choice", random.choice(ks[4], 5, (3,)))
    o("choice_noreplace", random.choice(ks[5], jnp.arange(10, 20), (5,), replace=False))
    o("choice_p", random.choice(ks[6], 4, (6,), p=jnp.array([0.1, 0.2, 0.3, 0.4])))
    o("bernoulli", random.bernoulli(ks[7], 0.3, (8,)))
    o("bernoulli_arr", random.bernoulli(ks[7], jnp.array([0.0, 0.5, 1.0])))


@program
def random_continuous(o):
    ks = random.split(random.PRNGKey(2024), 8)
    o("truncated_normal", random.truncated_normal(ks[0], -1.0, 2.0, (5,)), tol=1e-5)
    o("exponential", random.exponential(ks[1], (4,)), tol=1e-5)
    o("gumbel", random.gumbel(ks[2], (4,)), tol=1e-5)
    o("laplace", random.laplace(ks[3], (4,)), tol=1e-5)
    o("gamma", random.gamma(ks[4], 2.5, (4,)), tol=1e-4)
    o("beta", random.beta(ks[5], 2.0, 3.0, (3,)), tol=1e-4)
    o("dirichlet", random.dirichlet(ks[6], jnp.array([1.0, 2.0, 3.0])), tol=1e-4)
    o("logistic", random.logistic(ks[7], (3,)), tol=1e-5)
    o("poisson", random.poisson(ks[0], 3.0, (6,)))


# ---------------------------------------------------------------- indexing


@program
def indexing_get(o):
    x = jnp.arange(24).reshape(2, 3, 4)
    o("neg", x[-1, -2])
    o("slice_step", x[:, ::-1, 1::2])
    o("newaxis", x[None, 0, :, None].shape)
    o("ellipsis", x[..., -1])
    o("int_arr", x[jnp.array([1, 0, 1])])
    o("bcast_idx", x[jnp.array([[0], [1]]), jnp.array([0, 2])])
    o("mixed", x[:, jnp.array([2, 0]), 1:3])
    o("separated", x[jnp.array([0, 1]), :, jnp.array([1, 3])])
    o("bool_mask", x[x % 5 == 0])
    o("bool_row", x[jnp.array([True, False])])
    o("oob_clamp", x[0, jnp.array([5, -7])])
    o("neg_arr", x[0, 0, jnp.array([-1, -4])])
    o("list_idx", x[1, [0, 2]])
    y = jnp.arange(5.0)
    o("take_fill", jnp.take(y, jnp.array([0, 7, -1])))
    o("take_clip", jnp.take(y, jnp.array([0, 7, -9]), mode="clip"))
    o("take_wrap", jnp.take(y, jnp.array([7, -9]), mode="wrap"))
    o("jit_idx", jax.jit(lambda a, i: a[i])(y, 9))
    o("jit_neg", jax.jit(lambda a, i: a[i])(y, -2))
    o.raises("static_oob_err", lambda: y[7])
    o.raises("too_many", lambda: y[0, 1])


@program
def at_updates(o):
    x = jnp.zeros(5)
    o("set_neg", x.at[-1].set(7.0))
    o("add_dup", x.at[jnp.array([0, 0, 2])].add(1.0))
    o("set_dup_list", x.at[jnp.array([1, 1])].set(jnp.array([3.0, 4.0])))
    o("oob_dropped", x.at[jnp.array([1, 9, -9])].set(5.0))
    o("oob_static", x.at[10].set(1.0))
    o("mul", jnp.arange(1.0, 6.0).at[1:4].mul(2.0))
    o("min", jnp.arange(5.0).at[jnp.array([0, 4, 4])].min(jnp.array([-1.0, 10.0, 2.0])))
    o("max", jnp.arange(5).at[2].max(9))
    m = jnp.arange(12.0).reshape(3, 4)
    o("row_bcast", m.at[1].set(jnp.array([9.0, 8.0, 7.0, 6.0])))
    o("col_add", m.at[:, 0].add(100))
    o("mask_set", m.at[m > 6].set(0.0))
    o("scatter_2d", m.at[jnp.array([0, 2]), jnp.array([1, 3])].add(jnp.array([10.0, 20.0])))
    o("get_fill", m.at[jnp.array([0, 5])].get(mode="fill", fill_value=-1.0))
    o("get", m.at[2, 1:].get())
    o("int_add_float", jnp.arange(4).at[0].add(2.7))
    o("drop_mode", jnp.arange(4).at[jnp.array([-5, 2])].set(9, mode="drop"))
    o("under_jit", jax.jit(lambda a, i, v: a.at[i].add(v))(jnp.zeros(3), jnp.array([2, 2, 5]), 1.5))
    o("grad_scatter", jax.grad(lambda v: jnp.sum(jnp.zeros(4).at[jnp.array([1, 1, 3])].add(v) ** 2))(jnp.array([1.0, 2.0, 3.0])))


# ---------------------------------------------------------------- dtypes


@program
def promotion(o):
    i8 = jnp.array([1, -2], jnp.int8)
    u8 = jnp.array([200, 3], jnp.uint8)
    o("i8_u8", i8 + u8)
    o("bool_int", jnp.array([True, False]) + jnp.array([1, 2]))
    o("bool_bool", jnp.array([True, False]) + jnp.array([True, True]))
    o("f16_i32", jnp.array([1.5], jnp.float16) * jnp.array([3], jnp.int32))
    o("f16_py", jnp.array([1.5], jnp.float16) * 2.0)
    o("i32_py_float", jnp.array([1, 2]) * 2.5)
    o("u8_py_int", u8 + 100)
    o("i8_weak", i8 * 3)
    o("list_mixed", jnp.array([1, 2.5]))
    o("list_ints", jnp.array([1, 2]))
    o("list_bool", jnp.array([True, 1]))
    o("py_scalar_arr", jnp.asarray(3.0))
    o("weak_sum", jnp.asarray(3.0) + 1)
    o("u32_i32", jnp.array([1], jnp.uint32) + jnp.array([1], jnp.int32))
    o("u32_f16", jnp.array([1], jnp.uint32) + jnp.array([1], jnp.float16))
    o("bf16_f16", jnp.array([1], jnp.bfloat16) + jnp.array([1], jnp.float16))
    o("i8_f16", (jnp.array([1], jnp.int8) + jnp.array([1], jnp.float16)).dtype.name)
    o("true_div_int", jnp.array([3, 4]) / jnp.array([2, 2]))
    o("floordiv_neg", jnp.array([-7, 7]) // 2)
    o("mod_neg", jnp.array([-7.5, 7.5]) % 2)
    o("int_pow", jnp.array([2, 3]) ** 3)
    o("result_type", str(jnp.result_type(jnp.int8, jnp.uint16)))
    o("promote_types", str(jnp.promote_types(jnp.int16, jnp.float16)))
    o("astype_trunc", jnp.array([-1.7, 2.9, 300.0]).astype(jnp.int8))
    o("astype_u8", jnp.array([-1.0, 255.5]).astype(jnp.uint8))
    o.raises("overflow_weak", lambda: jnp.array([1], jnp.int8) + 1000)
    # Weak types of results built with JAX's _const (weak only beside a weak scalar) and asarray/convert (strong).
    o("heaviside_int", jnp.heaviside(jnp.array([-1, 0, 2], jnp.int32), 0.5))
    o("heaviside_scalar", jnp.heaviside(2, 0.5))
    o("angle_scalar", jnp.angle(2.5))
    o("nan_to_num_scalar", jnp.nan_to_num(2.5))
    o("gcd_bool", jnp.gcd(jnp.array([True, False]), 2))
    o("bool_div_weak", jnp.array([True, False]) / 2)
    o("bool_arctan2_weak", jnp.arctan2(jnp.array([True, False]), 2))
    o("int8_wrap", jnp.array([1], jnp.int8) + 1000)
    o("where_weak", jnp.where(jnp.array([True, False]), 1, 2.5))
    o("where_dtype", jnp.where(jnp.array([True, False]), jnp.array([1], jnp.int8), 0))
    o("sum_i8", jnp.sum(jnp.array([100, 100], jnp.int8)))
    o("sum_bool", jnp.sum(jnp.array([True, True, False])))
    o("mean_int", jnp.mean(jnp.array([1, 2])))
    o("cumsum_u8", jnp.cumsum(jnp.array([200, 100], jnp.uint8)))
    o("float16_vals", jnp.array([0.1, 65504, 70000, 1e-8], jnp.float16))


# ---------------------------------------------------------------- numpy


@program
def reductions(o):
    x = jnp.arange(24.0).reshape(2, 3, 4) - 10
    o("sum_axes", jnp.sum(x, axis=(0, 2)))
    o("sum_keep", jnp.sum(x, axis=(0, 2), keepdims=True))
    o("sum_where", jnp.sum(x, where=x > 0))
    o("sum_where_axis", jnp.sum(x, axis=1, where=x % 2 == 0))
    o("mean_where", jnp.mean(x, axis=-1, where=x > 0))
    o("max_initial", jnp.max(x, axis=0, initial=5.0))
    o("max_where", jnp.max(x, axis=2, where=x < 0, initial=-100.0))
    o("min_neg_axis", jnp.min(x, axis=-2))
    o("prod", jnp.prod(jnp.array([[1, 2], [3, 4]]), axis=0))
    o("argmax_keep", jnp.argmax(x, axis=1, keepdims=True))
    o("argmin_flat", jnp.argmin(x))
    o("var_ddof", jnp.var(x, axis=(1, 2), ddof=1))
    o("std", jnp.std(x))
    o("all_any", (jnp.all(x > -11), jnp.any(x > 13, axis=0)))
    o("count_nonzero", jnp.count_nonzero(x > 0, axis=2))
    o("nanmean", jnp.nanmean(jnp.array([1.0, jnp.nan, 3.0])))
    o("nanmax", jnp.nanmax(jnp.array([[jnp.nan, 2.0], [jnp.nan, jnp.nan]]), axis=1))
    o("max_nan", jnp.max(jnp.array([1.0, jnp.nan, 3.0])))
    o("argmax_nan", jnp.argmax(jnp.array([1.0, jnp.nan, 3.0])))
    o("median", jnp.median(x, axis=1))
    o("quantile", jnp.quantile(jnp.arange(10.0), jnp.array([0.1, 0.5, 0.95])))
    o("average_w", jnp.average(x, axis=2, weights=jnp.array([1.0, 2.0, 3.0, 4.0])))
    o("ptp", jnp.ptp(x, axis=1))
    o("empty_sum", jnp.sum(jnp.zeros((0, 3)), axis=0))
    o("empty_mean", jnp.mean(jnp.zeros((0,))))
    o.raises("empty_max", lambda: jnp.max(jnp.zeros((0,))))
    o("logsumexp", jss.logsumexp(x, axis=(0, 1)))
    # var/std over masked elements, the array API's correction, and a correction past the count (NaN).
    v = jnp.array([[1.0, 2.0, 4.0, 8.0], [3.0, -1.0, 0.5, 2.0]])
    mask = jnp.array([[True, False, True, True], [False, True, True, False]])
    o("var_where", jnp.var(v, axis=1, where=mask))
    o("std_where_keep", jnp.std(v, axis=0, where=mask, keepdims=True))
    o("var_correction", jnp.var(v, axis=1, correction=1))
    o("var_ddof_past_count", jnp.var(v, axis=1, ddof=5))
    o.raises("var_ddof_and_correction", lambda: jnp.var(v, ddof=1, correction=1))
    # The nan reductions take where (and nanmax/nanmin initial, which an all-NaN slice then gives).
    nx = jnp.array([[1.0, jnp.nan, 3.0, 4.0], [jnp.nan, jnp.nan, 2.0, -1.0]])
    nw = jnp.array([[True, True, False, True], [True, True, True, False]])
    o("nansum_where", jnp.nansum(nx, axis=1, where=nw))
    o("nanmean_where", jnp.nanmean(nx, axis=1, where=nw))
    o("nanmax_where_initial", jnp.nanmax(nx, axis=1, where=nw, initial=-10.0))
    o("nanmin_initial", jnp.nanmin(nx, axis=0, initial=0.0))
    o.raises("nanmax_where_no_initial", lambda: jnp.nanmax(nx, axis=1, where=nw))


@program
def linalg(o):
    A = jnp.array([[4.0, 1.0, 2.0], [1.0, 3.0, 0.5], [2.0, 0.5, 5.0]])
    b = jnp.array([1.0, 2.0, 3.0])
    B = jnp.array([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]])
    o("solve", jnp.linalg.solve(A, b))
    o("solve_mat", jnp.linalg.solve(A, B))
    o("inv", jnp.linalg.inv(A))
    o("det", jnp.linalg.det(A))
    o("slogdet", jnp.linalg.slogdet(-A))
    o("cholesky", jnp.linalg.cholesky(A))
    w, v = jnp.linalg.eigh(A)
    o("eigh_w", w)
    o("eigh_recon", (v * w) @ v.T)
    o("eigh_abs_v", jnp.abs(v), tol=1e-4)
    q, r = jnp.linalg.qr(B)
    o("qr_shapes", (q.shape, r.shape))
    o("qr_recon", q @ r)
    o("qr_abs_r", jnp.abs(r))
    o("qr_complete_shape", jnp.linalg.qr(B, mode="complete")[0].shape)
    s = jnp.linalg.svd(B, compute_uv=False)
    o("svd_s", s)
    u, s2, vh = jnp.linalg.svd(B, full_matrices=False)
    o("svd_recon", (u * s2) @ vh)
    o("svd_full_shapes", [a.shape for a in jnp.linalg.svd(B)])
    x, res, rank, sv = jnp.linalg.lstsq(B, jnp.array([1.0, 2.0, 0.0]))
    o("lstsq", (x, res, rank, sv))
    o("pinv", jnp.linalg.pinv(B))
    o("matrix_rank", jnp.linalg.matrix_rank(jnp.array([[1.0, 2.0], [2.0, 4.0]])))
    v3 = jnp.array([3.0, -4.0, 0.0])
    for ordv in [None, 0, 1, 2, jnp.inf, -jnp.inf, 3, -1]:
        o(f"vnorm_{ordv}", jnp.linalg.norm(v3, ord=ordv))
    for ordm in [None, "fro", "nuc", 1, -1, 2, -2, jnp.inf, -jnp.inf]:
        o(f"mnorm_{ordm}", jnp.linalg.norm(B, ord=ordm))
    o("norm_axis_keep", jnp.linalg.norm(B, axis=0, keepdims=True))
    o("batched_solve", jnp.linalg.solve(jnp.stack([A, 2 * A]), jnp.stack([b, b])[..., None]))
    o.raises("batched_solve_vec", lambda: jnp.linalg.solve(jnp.stack([A, 2 * A]), jnp.stack([b, b])))
    o("matrix_power", jnp.linalg.matrix_power(jnp.array([[1.0, 1.0], [1.0, 0.0]]), 5))
    o("grad_logdet", jax.grad(lambda a: jnp.linalg.slogdet(a)[1])(A))
    # slogdet by QR, and slogdet's custom_jvp (d log|det| = tr(a⁻¹ da)) on each path: 2×2 closed form, LU, QR.
    o("slogdet_qr", jnp.linalg.slogdet(-A, method="qr"))
    A2 = jnp.array([[2.0, 1.0], [3.0, 4.0]])
    o("grad_logdet_2x2", jax.grad(lambda a: jnp.linalg.slogdet(a)[1])(A2))
    o("grad_logdet_qr", jax.grad(lambda a: jnp.linalg.slogdet(a, method="qr")[1])(A))
    o("jvp_slogdet", jax.jvp(lambda a: jnp.linalg.slogdet(a)[1], (A,), (jnp.ones_like(A),))[1])
    o.raises("slogdet_bad_method", lambda: jnp.linalg.slogdet(A, method="svd"))
    o("multi_dot", jnp.linalg.multi_dot([A, B, B.T]))


@program
def products(o):
    a = jnp.arange(6.0).reshape(2, 3)
    b = jnp.arange(12.0).reshape(3, 4)
    c = jnp.arange(24.0).reshape(2, 3, 4)
    o("einsum_mm", jnp.einsum("ij,jk->ik", a, b))
    o("einsum_batch", jnp.einsum("bij,bjk->bik", c.reshape(2, 4, 3), c))
    o("einsum_trace", jnp.einsum("ii", jnp.arange(9.0).reshape(3, 3)))
    o("einsum_diag", jnp.einsum("ii->i", jnp.arange(9.0).reshape(3, 3)))
    o("einsum_outer", jnp.einsum("i,j->ij", jnp.arange(3.0), jnp.arange(2.0)))
    o("einsum_ellipsis", jnp.einsum("...ij->...ji", c).shape)
    o("einsum_implicit", jnp.einsum("ij,jk", a, b))
    o("einsum_sum", jnp.einsum("ijk->", c))
    o("einsum_3", jnp.einsum("ij,jk,kl->il", a, b, b.T))
    o("tensordot_int", jnp.tensordot(c, b, axes=2).shape)
    o("tensordot_pairs", jnp.tensordot(c, a, axes=([0, 1], [0, 1])))
    o("tensordot_0", jnp.tensordot(jnp.arange(2.0), jnp.arange(3.0), axes=0))
    o("matmul_1d_3d", jnp.matmul(jnp.arange(3.0), c))
    o("matmul_bcast", (jnp.ones((5, 1, 2, 3)) @ jnp.ones((4, 3, 2))).shape)
    o("matmul_3d_1d", c @ jnp.arange(4.0))
    o("dot_int", jnp.dot(jnp.array([1, 2]), jnp.array([3, 4])))
    o("dot_int8", jnp.dot(jnp.array([100, 100], jnp.int8), jnp.array([2, 2], jnp.int8)))
    o("vdot", jnp.vdot(a, a))
    o("inner", jnp.inner(a, a))
    o("outer", jnp.outer(jnp.arange(2), jnp.arange(3.0)))
    o("kron", jnp.kron(jnp.eye(2), jnp.array([[1.0, 2.0], [3.0, 4.0]])))
    o("cross", jnp.cross(jnp.array([1.0, 0.0, 0.0]), jnp.array([0.0, 1.0, 0.0])))
    o.raises("matmul_mismatch", lambda: a @ a)
    o.raises("einsum_bad", lambda: jnp.einsum("ij,jk->ik", a, a))
    # Booleans: products are logical (any of the ands), square and power count in int32, round refuses them.
    bm = jnp.array([[True, False], [True, True]])
    o("matmul_bool", bm @ bm)
    o("dot_bool", jnp.dot(jnp.array([True, False]), jnp.array([False, True])))
    o("tensordot_bool", jnp.tensordot(bm, bm, 1))
    o("square_bool", jnp.square(jnp.array([True, False])))
    o("power_bool", jnp.power(jnp.array([True, False]), 3))
    o("power_bool_bool", jnp.power(jnp.array([True, False]), jnp.array([False, True])))
    o.raises("round_bool", lambda: jnp.round(jnp.array([True])))


@program
def sorting(o):
    x = jnp.array([3, 1, 2, 1, 3, 0, 2])
    o("sort", jnp.sort(x))
    o("argsort_stable", jnp.argsort(x))
    o("argsort_desc", jnp.argsort(x, descending=True))
    o("sort_desc", jnp.sort(x, descending=True))
    f = jnp.array([2.0, jnp.nan, -1.0, jnp.inf, -0.0, 0.0])
    o("sort_nan", jnp.sort(f))
    o("argsort_nan", jnp.argsort(f))
    m = jnp.array([[3, 1, 2], [0, 5, 4]])
    o("sort_axis0", jnp.sort(m, axis=0))
    o("sort_none", jnp.sort(m, axis=None))
    o("unique", jnp.unique(x))
    vals, idx, inv, counts = jnp.unique(x, return_index=True, return_inverse=True, return_counts=True)
    o("unique_all", (vals, idx, inv, counts))
    o("unique_size", jnp.unique(x, size=6, fill_value=-1))
    o("unique_2d_axis", jnp.unique(jnp.array([[1, 2], [0, 1], [1, 2]]), axis=0))
    s = jnp.array([1.0, 2.0, 2.0, 3.0, 5.0])
    o("searchsorted_left", jnp.searchsorted(s, jnp.array([2.0, 0.0, 6.0, 2.5])))
    o("searchsorted_right", jnp.searchsorted(s, jnp.array([2.0, 0.0, 6.0, 2.5]), side="right"))
    o("lexsort", jnp.lexsort((jnp.array([1, 0, 1, 0]), jnp.array([2, 2, 1, 1]))))
    o("topk", lax.top_k(jnp.array([1.0, 5.0, 3.0, 5.0]), 2))
    o("partition_kth", jnp.sort(jnp.partition(jnp.array([5, 1, 4, 2, 3]), 2)[:2]))
    o("argpartition_kth", jnp.argpartition(jnp.array([5, 1, 4, 2, 3]), 2)[2])
    o("bincount", jnp.bincount(jnp.array([0, 1, 1, 3]), length=5))
    o("digitize", jnp.digitize(jnp.array([0.5, 1.5, 3.0]), jnp.array([1.0, 2.0, 3.0])))
    o("nonzero", jnp.nonzero(jnp.array([0, 3, 0, 4])))
    o("argwhere", jnp.argwhere(jnp.array([[0, 1], [1, 0]])))
    o("isin", jnp.isin(jnp.array([1, 2, 3]), jnp.array([2, 3, 4])))
    o("setdiff", jnp.setdiff1d(jnp.array([1, 2, 3, 4]), jnp.array([2, 4])))
    o("union", jnp.union1d(jnp.array([3, 1]), jnp.array([2, 1])))
    o("intersect", jnp.intersect1d(jnp.array([3, 1, 2]), jnp.array([2, 1, 5])))


@program
def cumulative(o):
    x = jnp.arange(1, 7).reshape(2, 3)
    o("cumsum_flat", jnp.cumsum(x))
    o("cumsum_ax1", jnp.cumsum(x, axis=1))
    o("cumprod_ax0", jnp.cumprod(x, axis=0))
    o("cumsum_bool", jnp.cumsum(jnp.array([True, True, False])))
    o("cumsum_i8", jnp.cumsum(jnp.array([100, 100], jnp.int8)))
    o("cumsum_dtype", jnp.cumsum(x, dtype=jnp.float32))
    o("cummax", lax.cummax(jnp.array([1.0, 3.0, 2.0, 5.0, 4.0])))
    o("cummin_rev", lax.cummin(jnp.array([3.0, 1.0, 2.0]), reverse=True))
    o("cumlogsumexp", lax.cumlogsumexp(jnp.array([0.0, 1.0, 2.0])))
    o("nancumsum", jnp.nancumsum(jnp.array([1.0, jnp.nan, 2.0])))
    o("cumulative_sum_init", jnp.cumulative_sum(jnp.array([1, 2, 3]), include_initial=True))
    o("diff", jnp.diff(jnp.array([1, 4, 9, 16])))
    o("diff_n2", jnp.diff(jnp.array([1.0, 4.0, 9.0, 16.0]), n=2))
    o("ediff1d", jnp.ediff1d(jnp.array([1, 3, 6]), to_begin=0))
    o("trapezoid", jnp.trapezoid(jnp.array([1.0, 2.0, 3.0]), dx=0.5))
    o("grad_cumsum", jax.grad(lambda v: jnp.sum(jnp.cumsum(v) ** 2))(jnp.array([1.0, 2.0, 3.0])))
    o("grad_cumprod", jax.grad(lambda v: jnp.sum(jnp.cumprod(v)))(jnp.array([1.0, 2.0, 3.0])))
    o("assoc_scan", lax.associative_scan(jnp.add, jnp.arange(1.0, 6.0)))
    o("assoc_scan_tree", lax.associative_scan(lambda a, b: (a[0] * b[0], a[1] + b[1]), (jnp.array([1.0, 2.0, 3.0]), jnp.array([1, 1, 1]))))


@program
def fft(o):
    x = jnp.array([1.0, 2.0, 0.0, -1.0, 3.0, 0.5])
    X = jnp.fft.fft(x)
    o("fft", X)
    o("ifft_roundtrip", jnp.fft.ifft(X).real)
    o("rfft", jnp.fft.rfft(x))
    o("irfft", jnp.fft.irfft(jnp.fft.rfft(x), n=6))
    o("fft_n", jnp.fft.fft(x, n=8))
    o("fft_ortho", jnp.fft.fft(x, norm="ortho"))
    m = jnp.arange(12.0).reshape(3, 4)
    o("fft2", jnp.fft.fft2(m))
    o("rfft2_shape", jnp.fft.rfft2(m).shape)
    o("fftfreq", jnp.fft.fftfreq(6, d=0.5))
    o("rfftfreq", jnp.fft.rfftfreq(6))
    o("fftshift", jnp.fft.fftshift(jnp.arange(6)))
    o("ifftshift", jnp.fft.ifftshift(jnp.arange(5)))
    o("power", jnp.abs(jnp.fft.rfft(jnp.sin(2 * jnp.pi * jnp.arange(8) / 8))) ** 2, tol=1e-4)
    o("grad_fft", jax.grad(lambda v: jnp.sum(jnp.abs(jnp.fft.fft(v)) ** 2))(x), tol=1e-5)
    o("complex_repr", repr(jnp.array([1 + 2j, complex(0, -0.5)])))
    o("complex_ops", (jnp.abs(jnp.array([3 + 4j])), jnp.angle(jnp.array([1j])), jnp.conj(jnp.array([1 + 1j]))))


@program
def nn_funcs(o):
    x = jnp.array([[-2.0, -0.5, 0.0, 0.5, 3.0], [1.0, 1.0, 1.0, 1.0, 1.0]])
    o("softmax", jax.nn.softmax(x))
    o("softmax_ax0", jax.nn.softmax(x, axis=0))
    o("softmax_where", jax.nn.softmax(x, where=x > -1))
    o("log_softmax", jax.nn.log_softmax(x))
    o("logsumexp", jax.nn.logsumexp(x, axis=1))
    o("logsumexp_b", jss.logsumexp(x, axis=1, b=jnp.array([1.0, 2.0, 0.0, 1.0, 1.0])))
    o("logsumexp_sign", jss.logsumexp(jnp.array([1.0, 2.0]), b=jnp.array([1.0, -1.0]), return_sign=True))
    o("gelu_tanh", jax.nn.gelu(x))
    o("gelu_exact", jax.nn.gelu(x, approximate=False))
    o("relu", jax.nn.relu(x))
    o("relu_grad0", jax.grad(jax.nn.relu)(0.0))
    o("relu6", jax.nn.relu6(jnp.array([-1.0, 3.0, 7.0])))
    o("silu", jax.nn.silu(x))
    o("sigmoid", jax.nn.sigmoid(x))
    o("softplus", jax.nn.softplus(jnp.array([-30.0, 0.0, 30.0])))
    o("elu", jax.nn.elu(x, alpha=0.5))
    o("leaky", jax.nn.leaky_relu(x, negative_slope=0.1))
    o("celu", jax.nn.celu(x))
    o("selu", jax.nn.selu(x))
    o("hard_tanh", jax.nn.hard_tanh(x))
    o("mish", jax.nn.mish(x))
    o("log_sigmoid", jax.nn.log_sigmoid(x))
    o("one_hot", jax.nn.one_hot(jnp.array([0, 2, -1, 5]), 4))
    o("one_hot_i32", jax.nn.one_hot(jnp.array([1, 0]), 3, dtype=jnp.int32))
    o("one_hot_axis0", jax.nn.one_hot(jnp.array([1, 0]), 3, axis=0))
    o("standardize", jax.nn.standardize(x, axis=1))
    o("glu", jax.nn.glu(jnp.arange(4.0)))
    o("softmax_grad", jax.grad(lambda v: jax.nn.softmax(v)[0])(jnp.array([1.0, 2.0, 3.0])))
    q = jnp.arange(24.0).reshape(1, 3, 2, 4) / 10
    o("dpa", jax.nn.dot_product_attention(q, q, q))
    o("dpa_causal", jax.nn.dot_product_attention(q, q, q, is_causal=True))
    # jax.nn.logsumexp is jax.scipy.special.logsumexp: weights, a mask, the sign.
    lx = jnp.array([[-1.0, 0.5, 2.0], [3.0, -2.0, 0.25]])
    o("nn_logsumexp_b", jax.nn.logsumexp(lx, axis=1, b=jnp.array([1.0, 0.0, 2.0])))
    o("nn_logsumexp_where", jax.nn.logsumexp(lx, axis=0, where=lx > 0, keepdims=True))
    o("nn_logsumexp_sign", jax.nn.logsumexp(lx, axis=1, b=lx, return_sign=True))


@program
def initializers(o):
    key = random.PRNGKey(9)
    init = jax.nn.initializers
    o("glorot_normal", init.glorot_normal()(key, (3, 4)), tol=1e-5)
    o("glorot_uniform", init.glorot_uniform()(key, (3, 4)), tol=1e-5)
    o("he_uniform", init.he_uniform()(key, (2, 3)), tol=1e-5)
    o("he_normal", init.he_normal()(key, (2, 3)), tol=1e-5)
    o("lecun_normal", init.lecun_normal()(key, (4, 2)), tol=1e-5)
    o("normal", init.normal(0.5)(key, (3,)), tol=1e-5)
    o("uniform", init.uniform(2.0)(key, (3,)), tol=1e-5)
    o("truncated", init.truncated_normal(stddev=0.2)(key, (3,)), tol=1e-5)
    o("zeros", init.zeros(key, (2,)))
    o("ones_i32", init.ones(key, (2,), jnp.int32))
    o("constant", init.constant(3.5)(key, (2, 2)))
    o("vs_fan_avg", init.variance_scaling(2.0, "fan_avg", "uniform")(key, (5, 3)), tol=1e-5)
    o("vs_conv", init.variance_scaling(1.0, "fan_in", "normal", in_axis=-2, out_axis=-1)(key, (3, 3, 2, 4)).std() > 0)
    q = init.orthogonal()(key, (3, 3))
    o("orthogonal_qtq", q.T @ q, tol=1e-5)
    o("delta_orth", init.delta_orthogonal()(key, (3, 3, 3)).shape)


@program
def scipy_special(o):
    x = jnp.array([0.1, 0.5, 1.0, 2.5, 7.0])
    o("gammaln", jss.gammaln(x))
    o("digamma", jss.digamma(x))
    o("erf", jss.erf(x - 1))
    o("erfc", jss.erfc(x))
    o("erfinv", jss.erfinv(jnp.array([-0.9, 0.0, 0.5, 0.999])))
    o("logit", jss.logit(jnp.array([0.1, 0.5, 0.9])))
    o("expit", jss.expit(x))
    o("xlogy", jss.xlogy(jnp.array([0.0, 1.0, 2.0]), jnp.array([0.0, 2.0, 3.0])))
    o("xlog1py", jss.xlog1py(jnp.array([0.0, 1.0]), jnp.array([-1.0, 1.0])))
    o("betaln", jss.betaln(x, 2.0))
    o("gammainc", jss.gammainc(2.0, x))
    o("gammaincc", jss.gammaincc(2.0, x))
    o("i0e", jss.i0e(x))
    o("i1", jss.i1(x))
    o("ndtr", jss.ndtr(x - 2))
    o("ndtri", jss.ndtri(jnp.array([0.01, 0.5, 0.975])))
    o("log_ndtr", jss.log_ndtr(jnp.array([-10.0, 0.0, 3.0])))
    o("zeta", jss.zeta(x + 1.5, 1.0))
    o("polygamma", jss.polygamma(1, x))
    o("entr", jss.entr(jnp.array([0.0, 0.5, 1.0, -1.0])))
    o("factorial", jss.factorial(jnp.array([0.0, 3.0, 5.0])))
    o("softmax", jss.softmax(jnp.array([1.0, 2.0])))
    o("sinc", jnp.sinc(jnp.array([0.0, 0.5, 1.0])))
    o("gammaln_grad", jax.grad(jss.gammaln)(3.0))
    o("erf_int", jss.erf(jnp.array([0, 1])))


@program
def scipy_stats(o):
    x = jnp.array([-1.0, 0.0, 0.5, 2.0])
    o("norm_pdf", jst.norm.pdf(x))
    o("norm_logpdf", jst.norm.logpdf(x, loc=1.0, scale=2.0))
    o("norm_cdf", jst.norm.cdf(x))
    o("norm_ppf", jst.norm.ppf(jnp.array([0.1, 0.5, 0.9])))
    o("norm_sf", jst.norm.sf(x))
    o("t_logpdf", jst.t.logpdf(x, 3.0))
    o("beta_logpdf", jst.beta.logpdf(jnp.array([0.2, 0.5]), 2.0, 3.0))
    o("gamma_logpdf", jst.gamma.logpdf(jnp.array([0.5, 2.0]), 2.0, scale=1.5))
    o("poisson_logpmf", jst.poisson.logpmf(jnp.array([0, 2, 5]), 3.5))
    o("binom_logpmf", jst.binom.logpmf(jnp.array([0, 2, 5]), 5, 0.3))
    o("bernoulli_pmf", jst.bernoulli.pmf(jnp.array([0, 1]), 0.3))
    o("uniform_pdf", jst.uniform.pdf(jnp.array([-0.5, 0.5, 1.5])))
    o("expon_logpdf", jst.expon.logpdf(jnp.array([-1.0, 1.0])))
    o("laplace_cdf", jst.laplace.cdf(x))
    o("cauchy_logpdf", jst.cauchy.logpdf(x))
    o("logistic_cdf", jst.logistic.cdf(x))
    o("mvn_logpdf", jst.multivariate_normal.logpdf(jnp.array([[0.0, 0.0], [1.0, -1.0]]), jnp.zeros(2), jnp.array([[2.0, 0.5], [0.5, 1.0]])))
    o("dirichlet_logpdf", jst.dirichlet.logpdf(jnp.array([0.2, 0.3, 0.5]), jnp.array([1.0, 2.0, 3.0])))
    o("chi2_logpdf", jst.chi2.logpdf(jnp.array([0.5, 2.0]), 3.0))


# ---------------------------------------------------------------- trees and transforms


@program
def tree_utils(o):
    params = {"layer2": {"w": jnp.ones((2, 2)), "b": None}, "layer1": [jnp.zeros(2), 3.0], "name_free": [1, 2]}
    leaves, treedef = jax.tree.flatten(params)
    o("num_leaves", len(leaves))
    o("leaves", leaves)
    o("treedef", str(treedef))
    o("structure", str(jax.tree.structure([1, [2, None], {"b": 3, "a": None}])))
    o("num_leaves_prop", treedef.num_leaves)
    o("unflatten", jax.tree.unflatten(treedef, list(range(len(leaves)))))
    o("map_none", jax.tree.map(lambda x: x * 2, params))
    o("map_is_leaf", jax.tree.map(lambda x: x is None, params, is_leaf=lambda x: x is None))
    o("map_multi", jax.tree.map(lambda a, b: a + b, {"x": 1.0, "y": [2.0, 3.0]}, {"x": 10.0, "y": [20.0, 30.0]}))
    paths = jax.tree_util.tree_flatten_with_path(params)[0]
    o("paths", [jax.tree_util.keystr(p) for p, _ in paths])
    o("reduce", jax.tree.reduce(lambda a, b: a + b, [1, {"q": 2, "p": 3}, (4,)]))
    o("all", jax.tree.all([True, {"a": False}]))
    o("transpose", jax.tree.transpose(jax.tree.structure([0, 0]), jax.tree.structure((0, 0, 0)), [(1, 2, 3), (4, 5, 6)]))
    o("leaves_none", jax.tree.leaves([None, 1, [None, 2]]))
    o("structure_leaf", str(jax.tree.structure(jnp.ones(3))))
    o("structure_none", str(jax.tree.structure(None)))
    o("map_with_path", jax.tree_util.tree_map_with_path(lambda p, x: jax.tree_util.keystr(p) + "=" + str(x), {"a": [1, 2], "b": 3}))
    o.raises("map_mismatch", lambda: jax.tree.map(lambda a, b: a, [1, 2], [1, 2, 3]))
    sq = jax.tree.map(lambda x: x**2, {"a": jnp.arange(3.0), "b": [jnp.array(2, dtype=jnp.int32), 5]})
    o("map_arrays", sq)


@program
def custom_rules(o):
    @jax.custom_jvp
    def log1pexp(x):
        return jnp.log(1.0 + jnp.exp(x))

    @log1pexp.defjvp
    def log1pexp_jvp(primals, tangents):
        (x,), (t,) = primals, tangents
        return log1pexp(x), t * (1 - 1 / (1 + jnp.exp(x)))

    o("log1pexp", log1pexp(jnp.array([0.0, 10.0, 100.0])))
    o("grad_100", jax.grad(log1pexp)(100.0))
    o("vmap_grad", jax.vmap(jax.grad(log1pexp))(jnp.array([-1.0, 0.0, 1.0])))
    o("jit_grad", jax.jit(jax.grad(log1pexp))(3.0))

    @jax.custom_vjp
    def clip_gradient(x, lo, hi):
        return x

    def fwd(x, lo, hi):
        return x, (lo, hi)

    def bwd(res, g):
        lo, hi = res
        return jnp.clip(g, lo, hi), None, None

    clip_gradient.defvjp(fwd, bwd)
    f = lambda x: jnp.sum(clip_gradient(x, -0.5, 0.5) * jnp.array([3.0, 0.1, -2.0]))
    o("clip_grad", jax.grad(f)(jnp.ones(3)))
    o("clip_val", clip_gradient(jnp.array(2.0), 0.0, 1.0))

    @partial(jax.custom_jvp, nondiff_argnums=(0,))
    def apply_n(n, x):
        return x * n

    @apply_n.defjvp
    def apply_n_jvp(n, primals, tangents):
        return apply_n(n, primals[0]), tangents[0] * n * 10

    o("nondiff", jax.grad(lambda x: apply_n(3, x))(1.0))

    @jax.custom_jvp
    def f2(x, y):
        return x * y

    f2.defjvps(lambda t, ans, x, y: t * y * 2, None)
    o("defjvps", jax.grad(f2, argnums=(0, 1))(2.0, 5.0))

    @jax.custom_gradient
    def scaled(x):
        return x * 2, lambda g: (g * 100,)

    o("custom_gradient", jax.grad(scaled)(1.0))


@program
def checkpointing(o):
    def block(w, x):
        return jnp.sin(jnp.tanh(x @ w) @ w.T)

    w = jnp.arange(6.0).reshape(3, 2) / 6
    x = jnp.ones((2, 3))
    plain = jax.grad(lambda w: jnp.sum(block(w, block(w, x))))(w)
    remat = jax.grad(lambda w: jnp.sum(jax.checkpoint(block)(w, jax.checkpoint(block)(w, x))))(w)
    pol = jax.grad(lambda w: jnp.sum(jax.checkpoint(block, policy=jax.checkpoint_policies.dots_saveable)(w, x)))(w)
    o("plain", plain)
    o("remat", remat)
    o("policy", pol)
    o("same", jnp.allclose(plain, remat))

    @partial(jax.checkpoint, static_argnums=(1,))
    def pw(x, n):
        return x**n

    o("static", jax.grad(pw)(2.0, 3))


@program
def jacobians(o):
    def f(p, x):
        return jnp.tanh(p["w"] @ x + p["b"])

    p = {"w": jnp.array([[1.0, 0.5], [-0.5, 2.0]]), "b": jnp.array([0.1, -0.1])}
    x = jnp.array([0.3, -0.2])
    o("jacfwd_p", jax.jacfwd(f)(p, x))
    o("jacrev_p", jax.jacrev(f)(p, x))
    o("jacrev_x", jax.jacrev(f, argnums=1)(p, x))
    o("jac_both", jax.jacfwd(f, argnums=(0, 1))(p, x))
    g = lambda v: jnp.sum(v**3) + v[0] * v[1]
    o("hessian", jax.hessian(g)(jnp.array([1.0, 2.0, 3.0])))
    o("hessian_dict", jax.hessian(lambda d: d["a"] ** 2 * d["b"])({"a": 1.5, "b": 2.0}))
    o("jac_scalar_out", jax.jacrev(lambda v: jnp.sum(v**2))(jnp.array([1.0, 2.0])))
    o("jac_tuple_out", jax.jacfwd(lambda v: (v * 2, v.sum()))(jnp.array([1.0, 2.0])))
    yv, tv = jax.jvp(lambda v: jnp.sin(v) * v, (jnp.array([0.5, 1.0]),), (jnp.array([1.0, 0.0]),))
    o("jvp", (yv, tv))
    out, vjp_fn = jax.vjp(lambda a, b: a * b + jnp.exp(a), jnp.array([1.0, 2.0]), jnp.array([3.0, 4.0]))
    o("vjp", (out, vjp_fn(jnp.array([1.0, -1.0]))))
    y, f_jvp = jax.linearize(jnp.sin, 1.0)
    o("linearize", (y, f_jvp(2.0)))
    o("grad_has_aux", jax.grad(lambda v: (jnp.sum(v**2), {"n": v.size}), has_aux=True)(jnp.ones(3)))
    o("vag_argnums", jax.value_and_grad(lambda a, b: a * b, argnums=1)(3.0, 4.0))
    o.raises("grad_nonscalar", lambda: jax.grad(lambda v: v * 2)(jnp.ones(2)))
    o.raises("grad_int", lambda: jax.grad(lambda v: v * 2)(3))
    # has_aux on jvp, vjp and linearize: aux comes back last, undifferentiated.
    aux_f = lambda v: (jnp.sin(v) * v, {"sq": v**2, "n": jnp.sum(v)})
    v2 = jnp.array([0.5, 1.0])
    o("jvp_has_aux", jax.jvp(aux_f, (v2,), (jnp.array([1.0, 2.0]),), has_aux=True))
    out_a, vjp_a, aux_a = jax.vjp(aux_f, v2, has_aux=True)
    o("vjp_has_aux", (out_a, vjp_a(jnp.array([1.0, -1.0])), aux_a))
    y_a, lin_a, aux_l = jax.linearize(aux_f, v2, has_aux=True)
    o("linearize_has_aux", (y_a, lin_a(jnp.array([2.0, 0.5])), aux_l))
    o("vjp_has_aux_jit", jax.jit(lambda v: jax.vjp(aux_f, v, has_aux=True)[1](jnp.ones(2)))(v2))
    o.raises("vjp_ct_dtype", lambda: jax.vjp(jnp.sin, v2)[1](jnp.ones(2, jnp.int32)))


@program
def vmap_patterns(o):
    def affine(w, b, x):
        return w @ x + b

    w = jnp.arange(6.0).reshape(2, 3)
    xs = jnp.arange(12.0).reshape(4, 3)
    o("in_axes_none", jax.vmap(affine, in_axes=(None, None, 0))(w, 1.0, xs))
    o("out_axes1", jax.vmap(affine, in_axes=(None, None, 0), out_axes=1)(w, 1.0, xs))
    o("in_axes_1", jax.vmap(jnp.sum, in_axes=1)(xs))
    o("nested", jax.vmap(jax.vmap(lambda a, b: a * b, (0, None)), (None, 0))(jnp.arange(3.0), jnp.arange(2.0)))
    o("dict_tree", jax.vmap(lambda d: d["a"] + d["b"].sum())({"a": jnp.arange(3.0), "b": jnp.ones((3, 2))}))
    o("dict_in_axes", jax.vmap(lambda d: d["a"] * d["b"], in_axes=({"a": 0, "b": None},))({"a": jnp.arange(3.0), "b": 2.0}))
    o("tuple_out", jax.vmap(lambda v: (v.sum(), v * 2))(xs))
    o("axis_size", jax.vmap(lambda: jnp.ones(2), axis_size=3)())
    o("matmul_batched", jax.vmap(jnp.matmul)(jnp.ones((2, 3, 4)), jnp.ones((2, 4, 5))).shape)
    o("vmap_index", jax.vmap(lambda v, i: v[i])(xs, jnp.array([0, 2, 1, -1])))
    o("vmap_dyn_slice", jax.vmap(lambda v, i: lax.dynamic_slice(v, (i,), (2,)))(xs, jnp.array([0, 1, 2, 5])))
    o("vmap_cond", jax.vmap(lambda v: lax.cond(v > 1, lambda: v * 10, lambda: -v))(jnp.arange(4.0)))
    o.raises("size_mismatch", lambda: jax.vmap(lambda a, b: a + b)(jnp.ones(3), jnp.ones(4)))


@program
def control_flow(o):
    def branchy(x, p):
        return lax.cond(p, lambda t: (t[0] + 1, t[1] * 2), lambda t: (t[0] - 1, t[1] * 3), (x, x))

    o("cond_true", branchy(jnp.array(1.0), True))
    o("cond_false", branchy(jnp.array(1.0), jnp.array(False)))
    fns = [lambda x: x + 1, lambda x: x * 10, lambda x: -x]
    o("switch", [lax.switch(i, fns, 2.0) for i in [0, 1, 2]])
    o("switch_clamp", [lax.switch(i, fns, 2.0) for i in [-5, 7]])
    o("switch_vmap", jax.vmap(lambda i, x: lax.switch(i, fns, x))(jnp.array([0, 1, 2, 3]), jnp.arange(4.0)))
    o("cond_grad", jax.grad(lambda x: lax.cond(x > 0, jnp.sin, jnp.cos, x))(1.0))
    o("select", lax.select(jnp.array([True, False]), jnp.array([1, 2]), jnp.array([3, 4])))
    o("clamp", lax.clamp(0.0, jnp.array([-1.0, 0.5, 2.0]), 1.0))
    o("map", lax.map(lambda v: v.sum(), jnp.arange(6.0).reshape(3, 2)))
    o.raises("cond_mismatch", lambda: lax.cond(True, lambda: jnp.ones(2), lambda: jnp.ones(3)))
    o.raises("concretization", lambda: jax.jit(lambda x: x * 2 if x > 0 else x)(1.0))
    o.raises("while_carry_type", lambda: lax.while_loop(lambda c: c < 3, lambda c: c + 1.5, 0))
    # Loop carries' weak types: an init whose dtype the body changes is promoted; a weak
    # type alone may differ, so a weak init's ys stay weak while the final carry is strong.
    xs = jnp.arange(3.0, dtype=jnp.float32)
    o("scan_weak_init", lax.scan(lambda c, x: (c + x, c * 2), 1.5, xs))
    o("scan_int_init", lax.scan(lambda c, x: (c + x, c), 0, xs))
    o("while_weak_init", lax.while_loop(lambda c: c[0] < 3, lambda c: (c[0] + 1, c[1] + xs[c[0]]), (0, 1.5)))
    o("while_no_steps", lax.while_loop(lambda c: c > 10, lambda c: c + xs[0], 1.5))
    o("map_batch_size", (lax.map(lambda r: r * 2 + 1, jnp.arange(12.0).reshape(6, 2), batch_size=4), lax.map(jnp.sum, jnp.arange(12.0).reshape(6, 2), batch_size=3)))


@program
def shape_ops(o):
    a = jnp.arange(6).reshape(2, 3)
    o("concat_ax1", jnp.concatenate([a, a], axis=1))
    o("stack_ax_neg", jnp.stack([a, a], axis=-1).shape)
    o("split", jnp.split(jnp.arange(6), [1, 4]))
    o("array_split", jnp.array_split(jnp.arange(7), 3))
    o("pad_const", jnp.pad(a, ((1, 0), (0, 2)), constant_values=-1))
    o("pad_edge", jnp.pad(jnp.array([1, 2, 3]), 2, mode="edge"))
    o("pad_reflect", jnp.pad(jnp.array([1, 2, 3]), 2, mode="reflect"))
    o("pad_wrap", jnp.pad(jnp.array([1, 2, 3]), (1, 2), mode="wrap"))
    o("tile", jnp.tile(jnp.array([1, 2]), (2, 2)))
    o("repeat", jnp.repeat(a, 2, axis=0))
    o("repeat_arr", jnp.repeat(jnp.array([1, 2, 3]), jnp.array([0, 1, 2]), total_repeat_length=3))
    o("roll", jnp.roll(a, 1))
    o("roll_ax", jnp.roll(a, -1, axis=1))
    o("flip", jnp.flip(a))
    o("moveaxis", jnp.moveaxis(jnp.zeros((2, 3, 4)), 0, -1).shape)
    o("swapaxes", jnp.swapaxes(a, 0, 1))
    o("expand", jnp.expand_dims(a, (0, 3)).shape)
    o("squeeze", jnp.squeeze(jnp.zeros((1, 3, 1))).shape)
    o("reshape_neg", a.reshape(-1, 2))
    o("ravel_F", jnp.ravel(a, order="F"))
    o("pad_symmetric_2d", jnp.pad(jnp.arange(6.0).reshape(2, 3), ((1, 1), (2, 0)), mode="symmetric"))
    o("pad_grad", jax.grad(lambda v: jnp.sum(jnp.pad(v, 2, mode="reflect") ** 2))(jnp.array([1.0, 2.0, 3.0])))
    pad_modes = ["edge", "wrap", "reflect", "symmetric"]
    o("pad_modes_wide", [jnp.pad(jnp.arange(12.0).reshape(3, 4), ((4, 5), (7, 2)), mode=m) for m in pad_modes])
    o("pad_modes_grad", [jax.grad(lambda v, m=m: jnp.sum(jnp.pad(v, (5, 4), mode=m) * jnp.arange(13.0)))(jnp.array([1.0, 2.0, 3.0, 4.0])) for m in pad_modes])
    o("pad_reflect_one", jnp.pad(jnp.array([5]), (2, 3), mode="reflect"))
    o("where_3", jnp.where(a > 2, a, -a))
    o("where_1", jnp.where(a > 2))
    o("take_along", jnp.take_along_axis(a, jnp.argsort(-a, axis=1), axis=1))
    o("meshgrid", jnp.meshgrid(jnp.arange(2), jnp.arange(3)))
    o("meshgrid_ij", jnp.meshgrid(jnp.arange(2), jnp.arange(3), indexing="ij")[0])
    o("broadcast_arrays", [x.shape for x in jnp.broadcast_arrays(jnp.ones((3, 1)), jnp.ones(4))])
    o("atleast_2d", jnp.atleast_2d(jnp.array(1.0)).shape)
    o("tril", jnp.tril(jnp.ones((3, 3)), -1))
    o("diag", jnp.diag(jnp.array([1, 2])))
    o("diagonal", jnp.diagonal(jnp.arange(9).reshape(3, 3), offset=1))
    o("trace", jnp.trace(jnp.arange(9).reshape(3, 3)))
    o("rot90", jnp.rot90(a))
    o("clip", jnp.clip(jnp.arange(5), 1, 3))
    o("clip_float", jnp.clip(jnp.arange(5), 0.5, 3))
    o.raises("reshape_bad", lambda: a.reshape(4, 2))
    o.raises("concat_bad", lambda: jnp.concatenate([a, jnp.ones(3)]))
    o.raises("add_bad", lambda: a + jnp.ones(4))


@program
def creation(o):
    o("arange_f", jnp.arange(0, 1, 0.25))
    o("arange_i", jnp.arange(5))
    o("arange_neg", jnp.arange(5, 0, -2))
    o("arange_mixed", jnp.arange(1, 3.5))
    o("linspace", jnp.linspace(0, 1, 5))
    o("linspace_noend", jnp.linspace(0, 1, 4, endpoint=False))
    o("linspace_int", jnp.linspace(0, 10, 4, dtype=jnp.int32))
    # Array and traced bounds: samples along a new axis; differentiable in the bounds.
    o("linspace_arrays", jnp.linspace(jnp.array([0.0, 1.0]), jnp.array([[1.0, 2.0], [3.0, 5.0]]), 3, axis=1))
    o("linspace_int_bounds", jnp.linspace(jnp.array([1, 2], jnp.int32), 3, 3, axis=-1))
    o("linspace_jit_grad", jax.jit(jax.grad(lambda t: jnp.sum(jnp.linspace(0.0, t, 5) ** 2)))(2.0))
    o("logspace", jnp.logspace(0, 2, 3))
    o("eye_k", jnp.eye(3, 4, k=1))
    o("identity_i", jnp.identity(2, dtype=jnp.int32))
    o("full_int", jnp.full((2,), 3, dtype=jnp.int32))
    o("full_float", jnp.full((2,), 3.0))
    o("full_like", jnp.full_like(jnp.array([1, 2]), 2.7))
    o("zeros_like_dt", jnp.zeros_like(jnp.ones(2), dtype=jnp.int8))
    o("ones_default", jnp.ones(3))
    o("array_scalar", jnp.array(3, dtype=jnp.int32))
    o("array_float_scalar", jnp.array(3.0))
    o("asarray_bool", jnp.asarray([True, False]))
    o("array_nested", jnp.array([[1, 2], [3, 4]], dtype=jnp.float16))
    o("tri", jnp.tri(3, 4, 1))
    o("empty_shape", jnp.zeros((0, 2)))
    o("float32_cast", jnp.float32(3))
    o("int32_cast", jnp.int32(3.7))
    o("uint8_arr", jnp.uint8(jnp.array([1.9, 250.0])))
    o("finfo", [float(jnp.finfo(jnp.float32).eps), float(jnp.finfo(jnp.float16).max), float(jnp.finfo(jnp.float32).tiny)])
    o("iinfo", [int(jnp.iinfo(jnp.int8).min), int(jnp.iinfo(jnp.uint16).max)])
    o("geomspace", jnp.geomspace(1, 1000, 4))
    o("frombuffer_like", jnp.arange(6.0).reshape(2, 3).T.copy())
    # Float ranges as JAX computes them: start + step * iota in float32, each operation rounded.
    o("arange_float", (jnp.arange(0, 1, 0.1), jnp.arange(4.5, -10, -1.91), jnp.arange(0.3, 100.0, 7.7), jnp.arange(-16.38, -30, -0.3), jnp.arange(0, 3, 0.25, dtype=jnp.float16)))
    o("like_shape", (jnp.ones_like(jnp.arange(6.0), shape=(2, 3)), jnp.zeros_like(jnp.arange(3), shape=4), jnp.full_like(jnp.arange(2.0), 7.0, shape=(1, 2))))
    o("array_ndmin", jnp.array([1.0, 2.0], ndmin=3))


@program
def lax_ops(o):
    x = jnp.arange(10.0)
    o("dyn_slice_clamp", lax.dynamic_slice(x, (8,), (4,)))
    o("dyn_update_clamp", lax.dynamic_update_slice(x, jnp.array([-1.0, -2.0]), (9,)))
    o("dyn_index", lax.dynamic_index_in_dim(x.reshape(2, 5), 1, axis=0, keepdims=False))
    o("slice", lax.slice(x, (1,), (8,), (3,)))
    o("pad_interior", lax.pad(jnp.array([1.0, 2.0, 3.0]), 0.0, [(1, 2, 1)]))
    o("pad_negative", lax.pad(jnp.arange(5.0), 0.0, [(-1, 1, 0)]))
    o("dot_general", lax.dot_general(jnp.ones((2, 3, 4)), jnp.ones((2, 4, 5)), (((2,), (1,)), ((0,), (0,)))).shape)
    o("broadcast_in_dim", lax.broadcast_in_dim(jnp.array([1, 2]), (3, 2), (1,)))
    o("iota", lax.iota(jnp.int32, 4))
    o("convert", lax.convert_element_type(jnp.array([1.7, -1.7]), jnp.int32))
    o("bitcast", lax.bitcast_convert_type(jnp.array([1.0], jnp.float32), jnp.int32))
    o("shifts", (lax.shift_left(jnp.array([1, 3]), 2), lax.shift_right_logical(jnp.array([-8], jnp.int32), 28), lax.shift_right_arithmetic(jnp.array([-8]), 1)))
    o("bitwise", (jnp.bitwise_and(12, 10), jnp.bitwise_xor(jnp.array([12]), 10), jnp.invert(jnp.array([0], jnp.uint8))))
    o("reduce", lax.reduce(jnp.arange(6.0).reshape(2, 3), 0.0, lax.add, (1,)))
    o("reduce_window_sum", lax.reduce_window(jnp.arange(6.0), 0.0, lax.add, (3,), (1,), "VALID"))
    o("reduce_window_same", lax.reduce_window(jnp.arange(5.0), -jnp.inf, lax.max, (2,), (2,), "SAME"))
    o("rem", lax.rem(jnp.array([-7, 7]), jnp.array([2, -2])))
    o("integer_pow", lax.integer_pow(jnp.array([2.0, -3.0]), 3))
    o("sort_multi", lax.sort((jnp.array([2, 1, 2]), jnp.array([0.0, 1.0, -1.0])), num_keys=1))
    o("population_count", lax.population_count(jnp.array([7, 255])))
    o("clz", lax.clz(jnp.array([1, 256])))
    o("nextafter", lax.nextafter(jnp.array([1.0], jnp.float32), jnp.array([2.0], jnp.float32)))
    o("round_even", lax.round(jnp.array([0.5, 1.5, 2.5]), lax.RoundingMethod.TO_NEAREST_EVEN))
    o("round_away", lax.round(jnp.array([0.5, 1.5, -2.5])))
    o("jnp_round", jnp.round(jnp.array([0.5, 1.5, 2.5, -0.5])))
    o("round_decimals", jnp.round(jnp.array([1.2345, 2.5551]), 2))
    o("conv_1d", lax.conv_general_dilated(jnp.arange(8.0).reshape(1, 1, 8), jnp.ones((2, 1, 3)), (2,), [(1, 1)], rhs_dilation=(2,)))
    lhs = jnp.arange(32.0).reshape(1, 4, 4, 2)
    rhs = jnp.ones((3, 3, 1, 4))
    o("conv_nhwc_groups", lax.conv_general_dilated(lhs, rhs, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"), feature_group_count=2))


# ---------------------------------------------------------------- printing


@program
def printing(o):
    o("f32_2d", str(jnp.array([[1.0, 2.5], [-3.0, 4.0]])))
    o("f32_repr", repr(jnp.array([[1.0, 2.5], [-3.0, 4.0]])))
    o("i32_repr", repr(jnp.arange(5)))
    o("bool_repr", repr(jnp.array([True, False])))
    o("u8_repr", repr(jnp.array([1, 255], jnp.uint8)))
    o("f16_repr", repr(jnp.array([0.1, 1000.0], jnp.float16)))
    o("scalar_repr", repr(jnp.float32(5)))
    o("weak_repr", repr(jnp.asarray(5.0)))
    o("weak_int_repr", repr(jax.jit(lambda v: v + 1)(5)))
    o("scalar_str", str(jnp.array(2.5)))
    o("negzero", str(jnp.array([-0.0, 0.0, 1.0])))
    o("nan_inf", repr(jnp.array([jnp.nan, jnp.inf, -jnp.inf, 1.0])))
    o("small", repr(jnp.array([1e-5, 1.0])))
    o("big", repr(jnp.array([1e10, 1.0])))
    o("mixed_precision", str(jnp.array([0.1, 0.25, 1 / 3])))
    o("large", str(jnp.arange(2000)))
    o("large_repr", repr(jnp.arange(1200.0).reshape(40, 30)))
    o("large_3d", str(jnp.zeros((11, 11, 11))))
    o("empty", repr(jnp.zeros((0, 3))))
    o("empty_int", repr(jnp.array([], jnp.int32)))
    o("3d", str(jnp.arange(12).reshape(2, 2, 3)))
    o("neg_ints", repr(jnp.array([-1, 10, -100])))
    o("long_row", repr(jnp.linspace(0, 1, 12)))
    o("key_repr", repr(random.PRNGKey(1)))
    o("bool_3d", str(jnp.ones((2, 1, 2), bool)))
    o("f32_ints", repr(jnp.array([1.0, 2.0, 3.0])))
    o("complex_str", str(jnp.array([1 + 1j, 2.5 - 0.5j])))
    o("dtype_str", str(jnp.arange(3).dtype))
    o("shape_tuple", str(jnp.zeros((2, 3)).shape))


@program
def debug_print(o):
    def f(x):
        jax.debug.print("x = {}", x)
        jax.debug.print("sum={s:.3f} first={f}", s=x.sum(), f=x[0])
        return x * 2

    o.printed("eager", lambda: f(jnp.array([1.0, 2.0])))
    o.printed("jit", lambda: jax.jit(f)(jnp.array([0.5, 1.5])))
    o.printed("vmap", lambda: jax.vmap(lambda v: jax.debug.print("v={}", v))(jnp.arange(3)))
    o.printed("ints", lambda: jax.debug.print("{} {} {}", jnp.int32(3), True, jnp.arange(4).reshape(2, 2)))
    o.printed("fmt", lambda: jax.debug.print("{:>6.2f}|{:e}", jnp.float32(3.14159), jnp.float32(12345.678)))

    def loop(c, x):
        jax.debug.print("step c={c} x={x}", c=c, x=x)
        return c + x, None

    o.printed("scan", lambda: lax.scan(loop, 0.0, jnp.array([1.0, 2.0])))


@program
def jaxpr_printing(o):
    def f(x, y):
        return jnp.sin(x) * 2.0 + y

    o("simple", str(jax.make_jaxpr(f)(1.5, jnp.ones(3))))
    o("ints", str(jax.make_jaxpr(lambda a: (a + 1).sum())(jnp.arange(4))))
    o("reduce", str(jax.make_jaxpr(lambda a: jnp.max(a, axis=0))(jnp.ones((2, 3)))))


@program
def jaxpr_small(o):
    o("sin", str(jax.make_jaxpr(jnp.sin)(1.5)))
    o("reduce", str(jax.make_jaxpr(lambda a: jnp.max(a, axis=0))(jnp.ones((2, 3)))))
    o("chain", str(jax.make_jaxpr(lambda a: jnp.exp(jnp.cos(a)) + a)(jnp.ones(3))))
    o("cond", str(jax.make_jaxpr(lambda p, x: lax.cond(p, jnp.sin, jnp.cos, x))(True, 1.5)))


@program
def grad_edges(o):
    o("abs_at0", jax.grad(jnp.abs)(0.0))
    o("sqrt_at0", jax.grad(jnp.sqrt)(0.0))
    o("max_ties", jax.grad(lambda v: jnp.max(v))(jnp.array([1.0, 3.0, 3.0])))
    o("maximum_tie", jax.grad(lambda a: jnp.maximum(a, 1.0))(1.0))
    o("relu_vec", jax.grad(lambda v: jnp.sum(jax.nn.relu(v)))(jnp.array([-1.0, 0.0, 2.0])))
    o("where_nan", jax.grad(lambda v: jnp.sum(jnp.where(v > 0, jnp.sqrt(v), 0.0)))(jnp.array([-1.0, 4.0])))
    safe = lambda v: jnp.sum(jnp.where(v > 0, jnp.sqrt(jnp.where(v > 0, v, 1.0)), 0.0))
    o("double_where", jax.grad(safe)(jnp.array([-1.0, 4.0])))
    o("norm_at0", jax.grad(lambda v: jnp.linalg.norm(v))(jnp.zeros(2)))
    o("sort_grad", jax.grad(lambda v: jnp.sort(v)[0] * 2 + jnp.sort(v)[-1])(jnp.array([3.0, 1.0, 2.0])))
    o("clip_grad", jax.grad(lambda v: jnp.sum(jnp.clip(v, 0.0, 1.0)))(jnp.array([-0.5, 0.0, 0.5, 1.0, 1.5])))
    o("round_grad", jax.grad(lambda v: jnp.sum(jnp.round(v) * v))(jnp.array([0.4, 1.6])))
    o("stop_gradient", jax.grad(lambda v: v * lax.stop_gradient(v) + v)(3.0))
    o("xlogy_grad", jax.grad(lambda v: jax.scipy.special.xlogy(v, v))(1.0))
    o("logsumexp_inf", jax.grad(lambda v: jax.nn.logsumexp(v))(jnp.array([-jnp.inf, 0.0, 1.0])))
    o("softmax_inf", jax.nn.softmax(jnp.array([-jnp.inf, -jnp.inf])))
    o("integer_pow_neg", jax.grad(lambda v: v ** -2)(2.0))
    o("arctan2_grad", jax.grad(jnp.arctan2, argnums=(0, 1))(1.0, 2.0))
    o("prod_zero_grad", jax.grad(jnp.prod)(jnp.array([2.0, 0.0, 3.0])))
    # Cumulative reductions differentiate as associative scans: exact at zeros, ties split in the scan's order.
    o("cumprod_zero_grad", jax.grad(lambda v: jnp.sum(jnp.cumprod(v)))(jnp.array([2.0, 0.0, 3.0, 0.0])))
    o("cummax_ties_grad", jax.grad(lambda v: jnp.sum(lax.cummax(v) * jnp.arange(1.0, 6.0)))(jnp.array([1.0, 3.0, 3.0, 2.0, 3.0])))
    o("cummin_rev_ties_grad", jax.grad(lambda v: jnp.sum(lax.cummin(v, reverse=True) * jnp.arange(1.0, 6.0)))(jnp.array([1.0, 3.0, 1.0, 2.0, 1.0])))
    # custom_jvp rules: logaddexp2's weights (half each at a tie), frexp's mantissa (t * 2**-e, so ldexp's
    # derivative is 2**x2), i0's zero tangent at 0.
    o("logaddexp2_tie_grad", jax.grad(lambda v: jnp.sum(jnp.logaddexp2(v, jnp.array([0.0, 2.0, 2.0]))))(jnp.array([0.0, 1.0, 2.0])))
    o("frexp_grad", jax.grad(lambda v: jnp.sum(jnp.frexp(v)[0]))(jnp.array([1.0, 3.0, 0.5, -6.0])))
    o("ldexp_grad", jax.grad(lambda v: jnp.sum(jnp.ldexp(v, jnp.array([1, 2, 3, -1]))))(jnp.array([1.0, 3.0, 0.5, -6.0])))
    o("i0_grad", jax.grad(lambda v: jnp.sum(jnp.i0(v)))(jnp.array([0.0, 1.0, -2.0, 9.0])))
    o.raises("nextafter_grad", lambda: jax.grad(lambda v: jnp.sum(jnp.nextafter(v, 2.0)))(jnp.array([1.0, 3.0])))


@program
def grad_weak_pow(o):
    o("pow_grad_0", jax.grad(lambda v: v ** 2.5)(0.0))
    o("pow_grad_weak_exp", jax.grad(lambda v: v ** 3)(2.0))


@program
def random_small_ints(o):
    o("randint_u8", random.randint(random.key(1), (4,), 0, 100, dtype=jnp.uint8))
    o("randint_i16", random.randint(random.key(2), (3,), -5, 5, dtype=jnp.int16))
    o("bits_u8", random.bits(random.key(3), (5,), dtype=jnp.uint8))


@program
def custom_pytrees(o):
    from typing import NamedTuple

    class Params(NamedTuple):
        w: jax.Array
        b: jax.Array

    p = Params(jnp.ones((2, 2)), jnp.zeros(2))
    o("treedef", str(jax.tree.structure(p)))
    o("leaves", jax.tree.leaves(p))
    g = jax.grad(lambda p, x: jnp.sum((x @ p.w + p.b) ** 2))(p, jnp.array([1.0, 2.0]))
    o("grad_w", g.w)
    o("grad_b", g.b)
    o("grad_type", type(g).__name__)
    upd = jax.jit(lambda p, g: jax.tree.map(lambda a, b: a - 0.1 * b, p, g))(p, g)
    o("updated", [upd.w, upd.b])
    o("paths", [jax.tree_util.keystr(k) for k, _ in jax.tree_util.tree_flatten_with_path(p)[0]])
    o("vmapped", jax.vmap(lambda p: p.w.sum() + p.b.sum())(Params(jnp.ones((3, 2, 2)), jnp.arange(6.0).reshape(3, 2))))
    o("nested", str(jax.tree.structure({"layers": [p, p], "step": 0})))


@program
def numpy_misc(o):
    x = jnp.array([0.5, 1.5, 1.7, 3.2, 4.9, 2.2])
    counts, edges = jnp.histogram(x, bins=4, range=(0.0, 5.0))
    o("histogram", (counts, edges))
    o("histogram_density", jnp.histogram(x, bins=3, density=True)[0])
    o("interp", jnp.interp(jnp.array([0.0, 1.5, 2.5, 10.0]), jnp.array([1.0, 2.0, 3.0]), jnp.array([10.0, 20.0, 15.0])))
    o("convolve", jnp.convolve(jnp.array([1.0, 2.0, 3.0]), jnp.array([0.0, 1.0, 0.5])))
    o("convolve_same", jnp.convolve(jnp.array([1.0, 2.0, 3.0, 4.0]), jnp.array([1.0, -1.0]), mode="same"))
    o("correlate", jnp.correlate(jnp.array([1.0, 2.0, 3.0]), jnp.array([0.0, 1.0, 0.5]), mode="full"))
    o("polyval", jnp.polyval(jnp.array([1.0, -2.0, 3.0]), jnp.array([0.0, 1.0, 2.0])))
    o("polyfit", jnp.polyfit(jnp.arange(5.0), jnp.array([1.0, 3.0, 5.0, 7.0, 9.0]), 1), tol=1e-4)
    o("vectorize", jnp.vectorize(lambda a, b: a * b + 1)(jnp.arange(3.0), 2.0))
    o("vectorize_sig", jnp.vectorize(lambda v: v.sum(), signature="(n)->()")(jnp.ones((2, 3))))
    o("apply_along_axis", jnp.apply_along_axis(lambda v: v.max() - v.min(), 1, jnp.arange(6.0).reshape(2, 3) ** 2))
    o("select", jnp.select([x < 1, x > 3], [x * 10, -x], default=0.0))
    o("piecewise", jnp.piecewise(x, [x < 2, x >= 2], [lambda v: v * 2, lambda v: -v]))
    o("cov", jnp.cov(jnp.array([[1.0, 2.0, 4.0], [2.0, 1.0, 0.0]])))
    o("corrcoef", jnp.corrcoef(jnp.array([[1.0, 2.0, 4.0], [2.0, 1.0, 0.0]])))
    o("percentile", jnp.percentile(x, jnp.array([25.0, 50.0]), method="nearest"))
    o("nanstd", jnp.nanstd(jnp.array([1.0, jnp.nan, 3.0, 4.0])))
    o("outer_add", jnp.add.outer(jnp.arange(2.0), jnp.arange(3.0)))
    o("ufunc_reduce", jnp.multiply.reduce(jnp.arange(1.0, 5.0)))
    o("triu_indices", jnp.triu_indices(3, k=1))
    o("unravel", jnp.unravel_index(jnp.array([5, 7]), (2, 4)))
    o("ravel_multi", jnp.ravel_multi_index((jnp.array([1, 0]), jnp.array([1, 3])), (2, 4)))
    o("flatnonzero", jnp.flatnonzero(jnp.array([0, 1, 0, 2])))
    o("count_bins", jnp.bincount(jnp.array([1, 1, 2]), weights=jnp.array([0.5, 0.25, 2.0])))
    o("logspace_base", jnp.logspace(0, 3, 4, base=2.0))
    o("isin_invert", jnp.isin(jnp.arange(4), jnp.array([1, 3]), invert=True))
    o("round_half", jnp.around(jnp.array([0.125, 0.135]), 2))
    o("angle_deg", jnp.angle(jnp.array([1j, -1.0 + 0j]), deg=True))
    o("sign_int", jnp.sign(jnp.array([-3, 0, 5])))


@program
def random_more(o):
    key = random.key(0)
    ks = random.split(key, 3)
    o("typed_keys_shape", ks.shape)
    o("typed_vmap", jax.vmap(lambda k: random.normal(k, (2,)))(ks))
    o("typed_fold", random.key_data(random.fold_in(key, 3)))
    o("key_repr", repr(key))
    o("shuffle_axis", random.permutation(ks[0], jnp.arange(6).reshape(2, 3), axis=1))
    o("uniform_f16", random.uniform(ks[2], (3,), dtype=jnp.float16))
    o("normal_2d_jit", jax.jit(lambda k: random.normal(k, (2, 2)))(ks[0]))
    o("rademacher", random.rademacher(ks[1], (6,)))
    o("orthogonal", jnp.abs(random.orthogonal(ks[2], 3)), tol=1e-5)
    o("ball_keywords", random.ball(ks[0], 3, p=1.5, shape=(2,)), tol=1e-5)
    o("multivariate_normal", random.multivariate_normal(ks[0], jnp.zeros(2), jnp.array([[1.0, 0.5], [0.5, 2.0]]), (3,)), tol=1e-4)
    o("split_many", random.split(random.PRNGKey(1), 5))
    o("clone", random.key_data(random.clone(key)))


# ---------------------------------------------------------------- small apps


@program
def kmeans(o):
    key = random.PRNGKey(0)
    k1, k2 = random.split(key)
    pts = jnp.concatenate([random.normal(k1, (10, 2)) * 0.3 + jnp.array([2.0, 2.0]), random.normal(k2, (10, 2)) * 0.3 - 2.0])
    cent = pts[jnp.array([0, 19])]

    @jax.jit
    def step(cent):
        d = jnp.sum((pts[:, None, :] - cent[None]) ** 2, axis=-1)
        assign = jnp.argmin(d, axis=1)
        oh = jax.nn.one_hot(assign, 2)
        new = (oh.T @ pts) / oh.sum(0)[:, None]
        return new, assign

    for _ in range(4):
        cent, assign = step(cent)
    o("centroids", cent)
    o("assign", assign)
    o("inertia", jnp.sum(jnp.min(jnp.sum((pts[:, None] - cent) ** 2, -1), 1)))


@program
def attention_layer(o):
    key = random.PRNGKey(1)
    kq, kk, kv, kx = random.split(key, 4)
    d = 4
    Wq, Wk, Wv = (random.normal(k, (d, d)) / 2 for k in (kq, kk, kv))
    x = random.normal(kx, (5, d))

    def attend(x):
        q, k, v = x @ Wq, x @ Wk, x @ Wv
        s = q @ k.T / jnp.sqrt(d)
        mask = jnp.tril(jnp.ones((5, 5), bool))
        s = jnp.where(mask, s, -jnp.inf)
        w = jax.nn.softmax(s, axis=-1)
        return w @ v, w

    out, w = attend(x)
    o("out", out)
    o("weights", w)
    o("grad_x", jax.grad(lambda x: jnp.sum(attend(x)[0] ** 2))(x), tol=1e-4)
    ln = (x - x.mean(-1, keepdims=True)) / jnp.sqrt(x.var(-1, keepdims=True) + 1e-5)
    o("layernorm", ln)


@program
def numeric_edge(o):
    o("div_zero", jnp.array([1.0, -1.0, 0.0]) / 0.0)
    o("int_div_zero", jnp.array([7, -7]) // 0)
    o("int_mod_zero", jnp.array([7, -7]) % 0)
    o("sqrt_neg", jnp.sqrt(jnp.array([-1.0])))
    o("log0", jnp.log(jnp.array([0.0, -1.0])))
    o("arctan2", jnp.arctan2(jnp.array([0.0, -0.0, 1.0]), jnp.array([-1.0, -1.0, 0.0])))
    o("maximum_nan", jnp.maximum(jnp.array([jnp.nan, 1.0]), jnp.array([0.0, jnp.nan])))
    o("fmax", jnp.fmax(jnp.array([jnp.nan, 1.0]), jnp.array([0.0, jnp.nan])))
    o("sign", jnp.sign(jnp.array([-2.0, -0.0, 0.0, 3.0, jnp.nan])))
    o("int_overflow", jnp.array([2147483647]) + 1)
    o("abs_intmin", jnp.abs(jnp.array([-2147483648], jnp.int32)))
    o("nan_to_num", jnp.nan_to_num(jnp.array([jnp.nan, jnp.inf, -jnp.inf])))
    o("isclose", jnp.isclose(jnp.array([1.0, jnp.nan]), jnp.array([1.0 + 1e-9, jnp.nan]), equal_nan=True))
    o("allclose", jnp.allclose(jnp.array([1.0]), jnp.array([1.0001])))
    o("array_equal", jnp.array_equal(jnp.array([1, 2]), jnp.array([1.0, 2.0])))
    o("exp_overflow", jnp.exp(jnp.array([100.0])))
    o("expm1_small", jnp.expm1(jnp.array([1e-10])))
    o("log1p_small", jnp.log1p(jnp.array([1e-10])))
    o("logaddexp", jnp.logaddexp(jnp.array([-jnp.inf, 1000.0]), jnp.array([-jnp.inf, 1000.0])))
    o("hypot", jnp.hypot(jnp.array([3e30]), jnp.array([4e30])))
    o("float16_overflow", jnp.array([60000.0], jnp.float16) * 2)
    o("heaviside", jnp.heaviside(jnp.array([-1.0, 0.0, 1.0]), 0.5))
    o("copysign", jnp.copysign(jnp.array([1.0, 2.0]), jnp.array([-0.0, 1.0])))
    o("divmod", jnp.divmod(jnp.array([-7, 7]), 3))
    o("gcd_lcm", (jnp.gcd(jnp.array([12, 18]), 8), jnp.lcm(jnp.array([4, 6]), 10)))
    o("float_power", jnp.float_power(jnp.array([2, 3]), 2))


@program
def empty_arrays(o):
    # Zero-size arrays through reductions, products, shape functions,
    # transformations and linalg: identities, shapes and dtypes as JAX's.
    e0 = jnp.zeros((0,), jnp.float32)
    e03 = jnp.zeros((0, 3), jnp.float32)
    e30 = jnp.zeros((3, 0), jnp.float32)
    i0 = jnp.zeros((0,), jnp.int32)
    a = jnp.arange(6.0, dtype=jnp.float32).reshape(2, 3)
    o("reductions", (jnp.sum(e0), jnp.prod(e0), jnp.mean(e0), jnp.var(e0), jnp.std(e30, 1), jnp.any(e0 > 0), jnp.all(e0 > 0)))
    o("axis_reductions", (jnp.sum(e03, 0), jnp.sum(e03, 1), jnp.mean(e03, 0), jnp.max(e03, 1), jnp.argmin(e03, 1)))
    o("initial", (jnp.max(e0, initial=-1.0), jnp.min(i0, initial=5), jnp.mean(a, where=jnp.zeros((2, 3), bool))))
    o.raises("max_empty", lambda: jnp.max(e0))
    o.raises("argmax_empty", lambda: jnp.argmax(e30, axis=1))
    o("cumulative", (jnp.cumsum(e0), jnp.cumsum(e03, 1), jnp.cumprod(e30, 0), lax.cumsum(e0, reverse=True)))
    o("sorting", (jnp.sort(e0), jnp.argsort(e0), jnp.sort(e30, 1), jnp.unique(e0), lax.top_k(e30, 0)[0]))
    o("products", (jnp.matmul(e30, e03), jnp.matmul(e03, jnp.ones((3, 2))), jnp.dot(e0, e0), jnp.outer(e0, jnp.ones(3)), jnp.einsum("ij,jk->ik", e30, e03)))
    o("shapes", (jnp.concatenate([e03, jnp.ones((2, 3))]), jnp.stack([e03, e03]), e03.reshape(3, 0, 5), e03.T, jnp.pad(e03, ((1, 1), (0, 0)), constant_values=5), jnp.tile(e0, 3), jnp.repeat(jnp.arange(3.0), 0)))
    o("creation", (jnp.linspace(0, 1, 0), jnp.arange(5, 2), jnp.eye(0), jnp.full((0, 2), 3.0), jnp.array_split(jnp.arange(2.0), 3)[2]))
    o("indexing", (a[:, 1:1], a[jnp.zeros((2, 3), bool)], jnp.take(a, i0, 1), e0.at[i0].set(e0), jnp.ones(3).at[i0].add(e0), jnp.nonzero(e0)[0], jnp.argwhere(jnp.zeros((2, 3)))))
    o("searching", (jnp.searchsorted(e0, jnp.array([1.0])), jnp.searchsorted(jnp.array([1.0, 2.0]), e0), jnp.bincount(i0, length=3), jnp.histogram(e0, bins=3, range=(0, 1))[0]))
    o("nn", (jax.nn.logsumexp(e0), jax.nn.softmax(e03, axis=0), jax.scipy.special.logsumexp(e03, axis=0), jnp.linalg.norm(e0), jnp.nanmean(e0)))
    o("linalg", (jnp.linalg.det(jnp.zeros((0, 0))), jnp.linalg.inv(jnp.zeros((0, 0))), jnp.linalg.solve(jnp.zeros((0, 0)), jnp.zeros((0,))), jnp.linalg.det(jnp.zeros((0, 3, 3))), jnp.linalg.svd(jnp.zeros((0, 3)), compute_uv=False)))
    o("transforms", (jax.grad(lambda x: jnp.sum(jnp.sin(x)) + 1.0)(e03), jax.jit(lambda x: jnp.exp(x) * 2 + 1)(e03), jax.vmap(jnp.sum)(e03), jax.vmap(lambda r: r * 2)(e03)))
    o("loops", (lax.scan(lambda c, x: (c + x, c), 1.5, e0), lax.map(lambda x: x * 2, e03)))
    o("ufunc_reduce", (jnp.maximum.reduce(e0, initial=-5.0), jnp.add.reduce(e03), jnp.multiply.reduce(e30, axis=1, keepdims=True)))
    o("random", (jax.random.uniform(jax.random.key(0), (0, 3)), jax.random.permutation(jax.random.key(0), 0), jax.random.key_data(jax.random.split(jax.random.key(0), 0))))


@program
def scipy_linalg_complex(o):
    # jax.scipy.linalg on complex (Hermitian) inputs: conjugate transposes where JAX takes them.
    import jax.scipy.linalg as sl
    h = jnp.array([[4, 1 + 1j, 0.5j], [1 - 1j, 3, 0.25], [-0.5j, 0.25, 2]], jnp.complex64)
    b = jnp.array([[1, 1j], [1j, 2], [0.5, -1]], jnp.complex64)
    o("cholesky", (sl.cholesky(h), sl.cholesky(h, lower=True)))
    o("cho_solve", (sl.cho_solve(sl.cho_factor(h), b), sl.cho_solve(sl.cho_factor(h, lower=True), b)))
    o("lu", sl.lu(h))
    o("lu_solve", (sl.lu_solve(sl.lu_factor(h), b), sl.lu_solve(sl.lu_factor(h), b, trans=2)))
    o("solve_triangular", [sl.solve_triangular(h, b, trans=t, lower=lw) for t in (0, 1, 2) for lw in (False, True)])
    o("eigh", sl.eigh(h, eigvals_only=True))
    w, v = sl.eigh(h)
    o("eigh_vectors", jnp.abs(v))
    o("expm", (sl.expm(h * 0.3), sl.expm_frechet(h * 0.3, h * 0.1)[1]))
    o("companion", sl.companion(jnp.array([1, 2j, 3], jnp.complex64)))
    o("eigh_tridiagonal", sl.eigh_tridiagonal(jnp.array([1.0, 2.0, 3.0], jnp.complex64), jnp.array([1j, 0.5], jnp.complex64), eigvals_only=True))
    # The Householder primitives on complex matrices (LAPACK's zgeqrf, zungqr, zgehrd).
    from jax._src.lax import linalg as lax_linalg
    a = jnp.array([[2 + 0.5j, 1 - 1j, -1], [0.5 + 1j, 3 + 0.2j, 1 - 0.3j], [1, -2 + 1j, 4 + 0.5j], [2j, 1, 1 - 1j]], jnp.complex64)
    g, taus = lax_linalg.geqrf(a)
    o("geqrf", (g, taus, lax.linalg.householder_product(g, taus)), tol=1e-4)
    o("hessenberg", (lax.linalg.hessenberg(h), sl.hessenberg(h, calc_q=True)), tol=1e-4)


@program
def binning(o):
    # linspace between array bounds and histogram's edges, bit for bit as XLA computes them
    # (values landing on bin edges are counted in JAX's bins).
    a, b = jnp.float32(-0.5), jnp.float32(2.0)
    o("linspace_arrays", [jnp.linspace(a, b, n) for n in (2, 3, 11, 34, 35, 50)])
    o("linspace_jit", jax.jit(lambda lo, hi: jnp.linspace(lo, hi, 21))(jnp.float32(-1.3), jnp.float32(2.7)))
    o("linspace_vector_bounds", jnp.linspace(jnp.array([0.0, -1.0]), jnp.array([1.0, 3.3]), 7, axis=1))
    o("linspace_grad", jax.grad(lambda lo: jnp.sum(jnp.linspace(lo, 2.0, 5) * jnp.arange(5)))(-0.5))
    o("logspace_arrays", jnp.logspace(jnp.float32(0.0), jnp.float32(1.3), 6))
    data = jnp.array([1.0, -0.5, 2.0, 0.25, 0.3, 1.7, 0.7, 1.2, 0.9, 1.5], jnp.float32)
    o("histogram", jnp.histogram(data))
    o("histogram_bins", [jnp.histogram(data, bins=k)[0] for k in (3, 7, 13, 40)])
    ints = jnp.array([3.0, -7.0, 12.0, 5.0, 0.0, -2.0, 9.0, 4.0], jnp.float32)
    o("histogram_ints", [jnp.histogram(ints, bins=k)[0] for k in (4, 6, 9, 19)])
    o("histogram_range", jnp.histogram(data, bins=6, range=(0.1, 1.9)))
    o("histogram_bin_edges", jnp.histogram_bin_edges(ints, bins=11))
    o("histogram2d", jnp.histogram2d(data, data[::-1], bins=4)[0])


@program
def complex_ops(o):
    # Complex operands through cumulative ops, convolutions, scatters, searches,
    # statistics, logaddexp, logsumexp and the complex normal sampler.
    z = jnp.array([1 + 2j, -0.5 + 0.3j, 2 - 1j, 0.25 + 0j], jnp.complex64)
    w = jnp.array([0.5 - 1j, 3 + 4j, -1 + 0.1j, 2j], jnp.complex64)
    m = z.reshape(2, 2)
    o("cumulative", (jnp.cumprod(z), jnp.nancumprod(z), lax.cummax(z), lax.cummin(z, reverse=True), lax.cumlogsumexp(z)))
    o("cumprod_grad", jax.grad(lambda v: jnp.real(jnp.sum(jnp.cumprod(v) * jnp.arange(1.0, 5.0))))(z))
    o("conv", lax.conv_general_dilated(z.reshape(1, 1, 4), w[:2].reshape(1, 1, 2), (1,), "VALID"))
    o.raises("conv_mixed_dtypes", lambda: lax.conv_general_dilated(z.reshape(1, 1, 4), jnp.array([[[1.0, -2.0]]]), (1,), "SAME"))
    o("scatter_mul", (z.at[jnp.array([1, 1, 3])].multiply(w[:3]), z.at[2].multiply(1j)))
    o("searchsorted", jnp.searchsorted(jnp.sort(z), w))
    o("cov", (jnp.cov(m), jnp.corrcoef(m)))
    o("logaddexp", (jnp.logaddexp(z, w), jnp.logaddexp2(z, w)))
    o("logaddexp_grad", jax.grad(lambda v: jnp.real(jnp.logaddexp(v, w[0])))(z[0]))
    o("logsumexp", (jax.nn.logsumexp(z), jss.logsumexp(m, axis=1), jss.logsumexp(z, return_sign=True)))
    o("xlogy", (jss.xlogy(z, w), jss.xlog1py(z, w)))
    o("normal", jax.random.normal(jax.random.key(3), (5,), jnp.complex64))
    import jax.scipy.signal as jsig
    o("signal", (jsig.convolve(z, w[:2]), jsig.correlate(z, w[:3], mode="same"), jsig.convolve(z, jnp.array([1.0, -1.0]))))
    o("poly_matrix", (jnp.poly(jnp.array([[2.0, 1, 5], [3, 4, 7], [1, 3, 5]])), jnp.poly(jnp.array([[1.0, 2.0], [0.5, -1.0]]))), tol=1e-4)
    o.raises("clip", lambda: jnp.clip(z, 0, 1))
    o.raises("entr", lambda: jss.entr(z))


@program
def pad_modes(o):
    # Every jnp.pad mode with its options, and einsum's keyword arguments.
    a = jnp.arange(1.0, 13.0).reshape(3, 4)
    v = jnp.array([1.0, -2.0, 3.0, 0.5, 4.0])
    o("constant_pairs", jnp.pad(a, ((1, 2), (0, 1)), constant_values=((7, 8), (9, 10))))
    o("reflect_odd", (jnp.pad(v, (3, 2), mode="reflect", reflect_type="odd"), jnp.pad(v, (7, 6), mode="symmetric", reflect_type="odd")))
    o("reflect_long", (jnp.pad(v, (6, 7), mode="symmetric"), jnp.pad(v, (9, 3), mode="reflect")))
    o("linear_ramp", (jnp.pad(v, (2, 3), mode="linear_ramp", end_values=(5, -1)), jnp.pad(a, 1, mode="linear_ramp")))
    o("stats", (jnp.pad(v, 2, mode="maximum"), jnp.pad(a, 1, mode="mean"), jnp.pad(v, (1, 2), mode="median", stat_length=3), jnp.pad(v, (2, 0), mode="minimum", stat_length=(2, 2))))
    o("stats_int", jnp.pad(jnp.array([1, 2, 4, 7]), 2, mode="mean"))
    o("empty_shape", jnp.array(jnp.pad(v, 2, mode="empty").shape))
    o("count_nonzero_keepdims", jnp.count_nonzero(a > 5, axis=0, keepdims=True))
    o("function", jnp.pad(v, 2, mode=lambda vec, w, ax, kw: vec.at[: w[0]].set(-1).at[vec.shape[0] - w[1] :].set(kw["fill"]), fill=-2.0))
    o.raises("bad_option", lambda: jnp.pad(v, 1, mode="edge", stat_length=2))
    i8 = jnp.array([[100, 100], [50, -100]], jnp.int8)
    o("einsum_preferred", (jnp.einsum("ij,jk->ik", i8, i8, preferred_element_type=jnp.int32), jnp.einsum("ii", a[:, :3], preferred_element_type=jnp.float32)))
    P = dict(preferred_element_type=jnp.int32)
    o("products_preferred", (jnp.matmul(i8, i8, **P), jnp.dot(i8, i8[0], **P), jnp.inner(i8[0], i8[0], **P), jnp.vdot(i8[0], i8[0], **P), jnp.tensordot(i8, i8, 1, **P)))
    o("join_dtype", (jnp.concatenate([jnp.array([1, 2]), jnp.array([3.5, 4.5])], dtype=jnp.int32), jnp.stack([v, v], axis=1, dtype=jnp.float16), jnp.hstack([v, v], dtype=jnp.int32), jnp.vstack([v, v], dtype=jnp.int32), jnp.dstack([v, v], dtype=jnp.int32)))
    o("reduction_dtypes", (jnp.std(i8, dtype=jnp.float32), jnp.var(i8[0], dtype=jnp.float16), jnp.nansum(jnp.array([1.0, jnp.nan]), dtype=jnp.float16), jnp.nanprod(jnp.array([2.0, jnp.nan]), initial=3.0)))
    o.raises("round_int_negative_decimals", lambda: jnp.round(jnp.array([15, 25]), -1))
    o("array_equal_nan", (jnp.array_equal(jnp.array([1.0, jnp.nan]), jnp.array([1.0, jnp.nan])), jnp.array_equal(jnp.array([1.0, jnp.nan]), jnp.array([1.0, jnp.nan]), equal_nan=True)))


@program
def array_methods(o):
    # JAX's Array methods beyond the arithmetic ones, each its jnp function on the array.
    x = jnp.array([[3.0, -1.5, 2.25], [0.5, 4.0, -2.0]])
    o("reductions", (x.all(), x.any(axis=1), x.ptp(axis=1), x.cumsum(axis=1), x.cumprod()))
    o("elementwise", (x.clip(0, 2), x.round(1)))
    o("sorting", (x.sort(axis=0), x.argsort(), x.argpartition(1, axis=1)[:, :1]))
    o("selection", (x.take(jnp.array([2, 0]), axis=1), x.compress(jnp.array([True, False, True]), axis=1), jnp.array([0, 1, 0]).choose([jnp.array([1, 2, 3]), jnp.array([4, 5, 6])])))
    o("shape", (x.swapaxes(0, 1), x.mT, x.diagonal(), x.trace(), x.repeat(2, axis=0)))
    o("search", ((x > 0).nonzero(), jnp.array([1.0, 3.0, 5.0]).searchsorted(4.0)))
    o("sizes", (x.itemsize, x.nbytes, jnp.ones(3, jnp.float16).nbytes))


def main():
    path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "programs.json")
    only = os.environ.get("ONLY")  # ONLY=a,b regenerates just those programs
    out = json.load(open(path)) if only else {}
    for name, fn in PROGRAMS.items():
        if only and name not in only.split(","):
            continue
        r = Rec()
        try:
            fn(r)
        except Exception as e:  # the program itself failed: a bug in the corpus
            raise RuntimeError(f"program {name} failed in JAX") from e
        out[name] = r.out
    with open(path, "w") as fh:
        json.dump(out, fh, indent=0, separators=(",", ":"))
    print(f"wrote {path}: {len(out)} programs, {sum(len(v) for v in out.values())} outputs")


if __name__ == "__main__":
    main()
