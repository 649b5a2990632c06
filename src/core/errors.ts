// JAX-like error classes. Every public entry point throws one of these with a
// message naming the argument, its shape and dtype.

export class JaxTsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A traced value was used where a concrete JS value is needed. */
export class ConcretizationTypeError extends JaxTsError {}
/** A tracer escaped the transformation that created it. */
export class UnexpectedTracerError extends JaxTsError {}
/** A traced array was converted to a host array (toArray/dataSync under jit). */
export class TracerArrayConversionError extends JaxTsError {}
/** Wrong dtype / structure of an argument (JAX's TypeError). */
export class TypeError_ extends JaxTsError {
  constructor(message: string) { super(message); this.name = "TypeError"; }
}
/** Wrong value of an argument: shape, axis, size (JAX's ValueError). */
export class ValueError extends JaxTsError {}
/** An index out of range or of the wrong kind (JAX's IndexError). */
export class IndexError extends JaxTsError {}
/** debugNans: a primitive produced a NaN. */
export class FloatingPointError extends JaxTsError {}

export { TypeError_ as JaxTypeError };
