package io.sightline.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The roles of a JWT: those of its roles claim ({@code micronaut.security.token.roles-name}), each
 * with the roles it includes (an admin is also a contributor and a classifier). Names that are not
 * Sightline roles are ignored.
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
public class RoleHierarchy extends DefaultRolesFinder {

    RoleHierarchy(TokenConfiguration configuration) {
        super(configuration);
    }

    @Override
    public List<String> resolveRoles(@Nullable Map<String, Object> attributes) {
        return Roles.granted(super.resolveRoles(attributes));
    }
}
