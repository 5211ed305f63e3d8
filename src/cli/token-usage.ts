export const TOKEN_USAGE = `frontdoor token: tokens for frontdoor serve's HTTP surface (api.tokens)

usage: frontdoor token hash [--stdin] [--name NAME] [--scope SCOPE] [--origin ORIGIN]

  --stdin                    hash the token read from stdin (at least 32 characters) instead of
                             generating one (256 random bits)
  --name NAME                the entry's name in the api.tokens line printed (default NAME)
  --scope SCOPE              read, write, agent or deploy (default read)
  --origin ORIGIN            the origin of an agent token
  -h, --help                 this help

prints the token (when generated: give it to the client; it is stored nowhere), its hash, and an
api.tokens entry to paste into frontdoor.yaml. Only the hash goes into the file.

exit status: 0 printed, 2 bad usage or a token too weak to use.
`;
