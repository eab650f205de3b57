package io.sightline.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The form token of a browser session: what lets a form of one of our pages change something with the session
 * cookie, which alone only opens pages ({@link BrowserSession}). It is derived from the session's token
 * (SHA-256 of a fixed prefix and the token, base64url): a page of ours, rendered for this session, can put it in
 * a form's action; another site can neither read our pages nor the HttpOnly cookie, so it cannot make one, and
 * the token cannot be recovered from it. Stateless, so every replica accepts what any replica rendered.
 */
public final class FormToken {
    /** The query parameter that carries it in a form's action. */
    public static final String PARAMETER = "form";
    private static final String PREFIX = "sightline form token\n";
    private static final int LENGTH = 43;

    private FormToken() {
    }

    /** The form token of a session whose token is {@code sessionToken}. */
    public static String of(String sessionToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((PREFIX + sessionToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether {@code presented} is the form token of {@code sessionToken}, compared in constant time. */
    public static boolean matches(String presented, String sessionToken) {
        if (presented == null || presented.length() != LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
                of(sessionToken).getBytes(StandardCharsets.US_ASCII));
    }
}
