package io.sightline.cli;

import io.sightline.cli.allinone.AdminToken;
import io.sightline.security.Roles;
import io.sightline.security.TokenTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sightline token}: a new random API token and its {@code sightline.security.tokens} entry (the
 * token's SHA-256, never the token). Nothing is stored: hand the token to its user, the entry to the services.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Make a new API token and print it with the configuration entry that accepts it.",
        footer = {"", "Example:", "  ./sightline token --role contribute --name ci-uploader",
            "", "Put the entry under sightline.security.tokens (docs/security.md); to rotate, add the new entry,",
            "move the clients to the new token, then remove the old entry."})
public final class TokenCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, description = "classify, contribute or admin (each includes the ones before).")
    String role;

    @Option(names = "--name", defaultValue = "token", description = "A name for people (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        if (!Roles.known(role)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--role must be one of " + Roles.ALL + ", not '" + role + "'");
        }
        String token = AdminToken.newToken();
        System.out.println("Token (shown once; give it to its user): " + token);
        System.out.println("Its entry under sightline.security.tokens:");
        System.out.println("  - name: " + name);
        System.out.println("    sha256: " + TokenTable.hash(token));
        System.out.println("    roles: [" + role + "]");
        return 0;
    }
}
