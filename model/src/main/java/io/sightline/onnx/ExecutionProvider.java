package io.sightline.onnx;

/** Where ONNX Runtime executes a model. */
public enum ExecutionProvider {
    /** CUDA when it can be initialised, else CPU with one warning line. */
    AUTO,
    /** CPU only. */
    CPU,
    /** CUDA only; failing to initialise it is an error. */
    CUDA
}
