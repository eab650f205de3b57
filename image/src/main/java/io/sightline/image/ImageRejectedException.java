package io.sightline.image;

import io.sightline.contract.ErrorCode;

/**
 * A picture that Sightline will not use, with a stable {@link ErrorCode} and a message a person
 * understands: the source (file name) and what is wrong, e.g. {@code "holiday.jpg: 100000 x 100000
 * pixels is over the 40 megapixel limit"}.
 */
public class ImageRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String source;
    private final String problem;

    public ImageRejectedException(ErrorCode code, String source, String problem) {
        this(code, source, problem, null);
    }

    public ImageRejectedException(ErrorCode code, String source, String problem, Throwable cause) {
        super(displayName(source) + ": " + problem, cause);
        this.code = code;
        this.source = displayName(source);
        this.problem = problem;
    }

    /** The stable code: UNDECODABLE_IMAGE, IMAGE_TOO_LARGE or UNSUPPORTED_FORMAT. */
    public ErrorCode code() {
        return code;
    }

    /** The file name or path the bytes came from, as given by the caller. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source. */
    public String problem() {
        return problem;
    }

    private static String displayName(String source) {
        return source == null || source.isBlank() ? "image" : source;
    }
}
