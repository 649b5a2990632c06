// Eager primitives on the wasm backend: lowered to a one-equation program.
