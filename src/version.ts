/** frontdoor's version, as `frontdoor --version` and the daemon's API report it (package.json's). */
export const FRONTDOOR_VERSION = '0.1.0';
