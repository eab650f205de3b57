package io.sightline.onnx.quant;

/**
 * The uint8 quantization of one activation tensor: {@code real = scale * (q - zeroPoint)}, q in 0..255.
 * The range always holds 0, so zero is exact (padding, ReLU); a tensor that is never negative gets zero
 * point 0, which lets ONNX Runtime drop a ReLU in front of its QuantizeLinear.
 */
record QuantParams(float scale, int zeroPoint) {
    QuantParams {
        if (!(scale > 0) || !Float.isFinite(scale) || zeroPoint < 0 || zeroPoint > 255) {
            throw new IllegalArgumentException("bad quantization parameters: scale " + scale + ", zero point " + zeroPoint);
        }
    }

    static QuantParams uint8(double low, double high) {
        double rmin = Math.min(0, low);
        double rmax = Math.max(0, high);
        if (rmax - rmin < 1e-6) {
            rmax = rmin + 1e-6;
        }
        float scale = (float) ((rmax - rmin) / 255);
        int zeroPoint = (int) Math.round(-rmin / scale);
        return new QuantParams(scale, Math.max(0, Math.min(255, zeroPoint)));
    }
}
