/**
 * The REST API under {@code /api}: thin Jakarta REST resources over the platform services, the bearer
 * token filter, body limits, and the one exception mapper that turns every error into an RFC 9457
 * {@code application/problem+json} response. Private to this bundle.
 */
package org.dataanalyst.rest.internal;
