/**
 * Pictures in: from bytes or labelled folders to model input, refusing bad input with a clear reason
 * (SPEC sections 6 and 7).
 *
 * <ul>
 *   <li>{@link io.sightline.image.FolderScanner} finds labelled pictures in a folder (label = first-level
 *       sub-folder), skipping hidden files, non-images and links leading outside, with reasons.</li>
 *   <li>{@link io.sightline.image.ImageProbe} reads format and size from the header, checked against
 *       {@link io.sightline.image.ImageLimits} before any pixel is decoded.</li>
 *   <li>{@link io.sightline.image.ImageDecoder} decodes to upright 8-bit sRGB (EXIF orientation, alpha on
 *       white, CMYK, 16-bit, palette, grey, GIF first frame), refusing truncated or corrupt files; its
 *       {@code decodeAtLeast} skips pixels of big pictures (for thumbnails and checks, never for
 *       model input: it aliases).</li>
 *   <li>{@link io.sightline.image.Preprocessor} is torchvision's Resize + CenterCrop + ToTensor, bit for
 *       bit (Pillow's fixed-point antialiased bilinear), into 0..1 NCHW float32; the model graph
 *       normalises with mean and std. {@link io.sightline.image.ImagePipeline} decodes and preprocesses,
 *       taking big baseline JPEGs through {@code JpegReducer}, which resizes from the DCT coefficients
 *       (docs/architecture.md, "The same preprocessing as torchvision").</li>
 * </ul>
 *
 * <p>Every refusal is an {@link io.sightline.image.ImageRejectedException} with a stable
 * {@link io.sightline.contract.ErrorCode} and a message naming the source and what is wrong.
 */
package io.sightline.image;
