/**
 * The Kafka event contract (SPEC section 2): records validated in their compact constructors and
 * serialised as camelCase JSON with Jackson databind. Topic names live in {@link io.sightline.contract.Topics}.
 */
package io.sightline.contract;
