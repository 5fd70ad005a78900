package io.netlab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of netlab: a network lab that runs TCP and UDP listeners behind a REST API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NetlabApplication {

	public static void main(String[] args) {
		SpringApplication.run(NetlabApplication.class, args);
	}

}
