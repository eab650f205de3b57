package io.sightline.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The three roles, each including the ones before it: {@value #CLASSIFY} (classify, the serving model),
 * {@value #CONTRIBUTE} (also the pictures, labels and the explorer), {@value #ADMIN} (everything). The
 * names are constants so that {@code @Secured(Roles.CONTRIBUTE)} can name them.
 */
public final class Roles {
    public static final String CLASSIFY = "classify";
    public static final String CONTRIBUTE = "contribute";
    public static final String ADMIN = "admin";

    /** Weakest first: a role grants itself and every role before it. */
    public static final List<String> ALL = List.of(CLASSIFY, CONTRIBUTE, ADMIN);

    private Roles() {
    }

    public static boolean known(String role) {
        return ALL.contains(role);
    }

    /** The roles {@code held} grant, the implied ones included; unknown names are dropped. */
    public static List<String> granted(Collection<String> held) {
        int strongest = held.stream().mapToInt(ALL::indexOf).max().orElse(-1);
        return strongest < 0 ? List.of() : new ArrayList<>(ALL.subList(0, strongest + 1));
    }
}
