package io.netlab.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * netlab's settings shared by several features, under {@code netlab.*}; each feature binds
 * its own keys of the same prefix in a record of its own. The root {@code application.yml}
 * documents each key.
 *
 * @param dataDir where netlab keeps what users created (listeners, the generated certificate)
 */
@ConfigurationProperties("netlab")
public record NetlabProperties(@DefaultValue("./data") Path dataDir) {

}
