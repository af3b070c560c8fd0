package org.dataanalyst.api.secret;

import java.util.List;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The secrets of a project, encrypted at rest (AES-GCM) under a master key kept outside the projects
 * folder. Values never appear in a log, a message or the catalog.
 */
@ProviderType
public interface SecretService {

    /** Secret names: letters, digits, {@code _ . -}, starting with a letter or digit, 1–64 characters. */
    Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /**
     * Stores or replaces a secret.
     *
     * @throws org.dataanalyst.api.NotFoundException       when the project does not exist
     * @throws org.dataanalyst.api.InvalidRequestException when the name or value is not acceptable
     */
    SecretInfo put(String projectId, String name, String value);

    /** @return the project's secrets by name, without values */
    List<SecretInfo> list(String projectId);

    /** @throws org.dataanalyst.api.NotFoundException when there is no such secret */
    void delete(String projectId, String name);

    /**
     * The plain value, for the platform to connect with; never returned by the API.
     *
     * @throws org.dataanalyst.api.NotFoundException when there is no such secret
     */
    String value(String projectId, String name);
}
