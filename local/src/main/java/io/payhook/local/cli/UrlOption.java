package io.payhook.local.cli;

import picocli.CommandLine.Option;

/** {@code --url}: the payhook API a command talks to. */
public final class UrlOption {
    @Option(names = "--url", paramLabel = "URL", defaultValue = LocalApi.DEFAULT_URL, converter = Values.BaseUrl.class,
            description = "A running payhook. Default: ${DEFAULT-VALUE}.")
    String url;

    public String url() { return url; }
}
