package io.sightline.onnx;

/** Where ONNX Runtime executes a model. */
public enum ExecutionProvider {
    /** CUDA when it can be initialised, else CPU with one log line; no CUDA attempt without an NVIDIA driver. */
    AUTO,
    /** CPU only. */
    CPU,
    /** CUDA only; failing to initialise it is an error. */
    CUDA
}
