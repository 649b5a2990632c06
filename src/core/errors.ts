// JAX-like error classes. Every public entry point throws one of these with a
// message naming the argument, its shape and dtype.
//
// Each class is also an instance of the JS built-in that matches the Python
// exception JAX raises: jaxts's TypeError (and ConcretizationTypeError,
// UnexpectedTracerError, TracerArrayConversionError, which JAX derives from
// TypeError) extends the built-in TypeError, IndexError extends RangeError,
// ValueError and FloatingPointError extend Error. `instanceof JaxTsError` holds
// for all of them (a brand checked by Symbol.hasInstance, since a class has
// one base). Names print plainly (`TypeError: ...`), also after a bundler
// renames the classes.

const BRAND = Symbol.for("jaxts.error");

/** Gives a class the printed name `name` (constructor and instances) and the jaxts brand. */
function named<C extends abstract new (...args: never[]) => Error>(cls: C, name: string): C {
  Object.defineProperty(cls, "name", { value: name, configurable: true });
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  Object.defineProperty(cls.prototype, BRAND, { value: true });
  return cls;
}

/** Base of every jaxts error: `e instanceof JaxTsError` holds for all of them. */
export class JaxTsError extends Error {
  static override [Symbol.hasInstance](x: unknown): boolean {
    if (this === JaxTsError) return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
    return Function.prototype[Symbol.hasInstance].call(this, x);
  }
}
named(JaxTsError, "JaxTsError");

/** Wrong dtype / structure / number of arguments (JAX's TypeError); also a built-in TypeError. */
class JaxTypeError extends globalThis.TypeError {}
named(JaxTypeError, "TypeError");

/** A traced value was used where a concrete JS value is needed. */
export class ConcretizationTypeError extends JaxTypeError {}
named(ConcretizationTypeError, "ConcretizationTypeError");
/** A tracer escaped the transformation that created it. */
export class UnexpectedTracerError extends JaxTypeError {}
named(UnexpectedTracerError, "UnexpectedTracerError");
/** A traced array was converted to a host array (toArray/dataSync under jit). */
export class TracerArrayConversionError extends JaxTypeError {}
named(TracerArrayConversionError, "TracerArrayConversionError");
/** Wrong value of an argument: shape, axis, size (JAX's ValueError). */
export class ValueError extends JaxTsError {}
named(ValueError, "ValueError");
/** An index out of range or of the wrong kind (JAX's IndexError); also a built-in RangeError. */
export class IndexError extends globalThis.RangeError {}
named(IndexError, "IndexError");
/** debugNans: a primitive produced a NaN. */
export class FloatingPointError extends JaxTsError {}
named(FloatingPointError, "FloatingPointError");
/** A missing attribute, e.g. a custom_jvp function called before its rule was defined (JAX's AttributeError). */
export class AttributeError extends JaxTsError {}
named(AttributeError, "AttributeError");

export { JaxTypeError, JaxTypeError as TypeError_ };
/** A state the library cannot run in, e.g. jit tracing under noTracing (JAX's RuntimeError). */
export class RuntimeError extends JaxTsError {}
named(RuntimeError, "RuntimeError");
/** Python's NotImplementedError: what JAX itself does not implement (e.g. ufunc.at in place). */
export class NotImplementedError extends JaxTsError {}
named(NotImplementedError, "NotImplementedError");
/** Implicit dtype promotion refused (numpyDtypePromotion("strict")); a ValueError, as JAX's. */
export class TypePromotionError extends ValueError {}
named(TypePromotionError, "TypePromotionError");
