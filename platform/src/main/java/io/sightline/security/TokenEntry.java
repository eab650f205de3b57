package io.sightline.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * One configured API token ({@code sightline.security.tokens[n]}): the lowercase hex SHA-256 of the
 * token, never the token itself, its roles, and a name for people (shown in no answer, useful in audits).
 */
@EachProperty(value = "sightline.security.tokens", list = true)
public final class TokenEntry {
    private final int index;
    private String name;
    private String sha256 = "";
    private List<String> roles = List.of();

    TokenEntry(@Parameter Integer index) {
        this.index = index;
    }

    public String name() {
        return name == null || name.isBlank() ? "token-" + index : name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String sha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256 == null ? "" : sha256.trim();
    }

    public List<String> roles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles == null ? List.of() : List.copyOf(roles);
    }

    int index() {
        return index;
    }
}
