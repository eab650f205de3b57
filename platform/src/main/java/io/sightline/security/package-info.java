/**
 * Authentication and authorisation of every service: API tokens known by their SHA-256 ({@link
 * io.sightline.security.TokenTable}, {@link io.sightline.security.HashedTokenValidator}), the nested roles ({@link
 * io.sightline.security.Roles}, {@link io.sightline.security.RoleHierarchy} for JWTs), the 401/403 answers, the login
 * page and its session cookie, the headers on every answer and the start-up refusals ({@link
 * io.sightline.security.SafeDefaults}). See docs/security.md.
 */
package io.sightline.security;
