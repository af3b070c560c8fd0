package org.dataanalyst.auth.internal;

import org.dataanalyst.api.Platform;
import org.dataanalyst.api.auth.IssuedToken;
import org.dataanalyst.api.auth.TokenService;
import org.dataanalyst.api.catalog.Catalog;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first start of a data folder: when no active token exists, creates the admin token and shows
 * its secret once on the console, so that the user can log in to the UI and the API.
 *
 * <p>"No active token" also covers a user who revoked every token: the next start issues a new admin
 * token (the way back in for whoever can restart the server).
 */
@Component(service = {}, immediate = true)
public final class AdminTokenBootstrap {

    /** The logger whose INFO messages the launcher shows on the console. */
    public static final String CONSOLE_LOGGER = "org.dataanalyst.console";

    /** Name of the token created on the first start. */
    public static final String ADMIN_TOKEN_NAME = "admin";

    /** HTTP port used when the framework property is not set. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    private static final Logger CONSOLE = LoggerFactory.getLogger(CONSOLE_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    @Activate
    public AdminTokenBootstrap(@Reference TokenService tokens, @Reference Catalog catalog, BundleContext context) {
        this(tokens, catalog, httpPort(context.getProperty(Platform.HTTP_PORT_PROPERTY)));
    }

    /** Creates the admin token now if there is no active token. */
    public AdminTokenBootstrap(TokenService tokens, Catalog catalog, int httpPort) {
        if (catalog.activeTokenCount() > 0) {
            return;
        }
        IssuedToken admin = tokens.create(ADMIN_TOKEN_NAME, true);
        // The one place where a secret is logged, by product design: the first start must hand the
        // admin token to whoever started the server, and the console is the only channel there is.
        // It is shown this once; the catalog keeps only its hash.
        CONSOLE.info("""

                ================================================================
                  data-analyst is ready: http://localhost:{}/
                  Admin token: {}
                  This token is shown only this once. Store it now (e.g. in a
                  password manager); more tokens can be created with it.
                ================================================================""",
                httpPort, admin.secret());
    }

    static int httpPort(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_HTTP_PORT;
        }
        try {
            return Integer.parseInt(property.strip());
        } catch (NumberFormatException e) {
            LOG.warn("Framework property {}={} is not a port number; showing {} in the console banner",
                    Platform.HTTP_PORT_PROPERTY, property, DEFAULT_HTTP_PORT);
            return DEFAULT_HTTP_PORT;
        }
    }
}
