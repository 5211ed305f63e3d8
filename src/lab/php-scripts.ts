/**
 * The small PHP application the lab serves through php-fpm. Each script marks its own output so a test can
 * tell an application-made answer from one nginx or php-fpm produced.
 */
export const PHP_APP_MARKER = 'frontdoor-lab-php';

/** Files of the docroot, by name; `version` becomes the X-App-Version header of every script. */
export function renderPhpScripts(version: string, stateDir: string): Record<string, string> {
  const versionHeader = `header('X-App-Version: ' . ${JSON.stringify(version)});`;
  return {
    // The health page: 200 "ok".
    'index.php': `<?php\n${versionHeader}\nheader('Content-Type: text/plain');\necho "ok\\n";\n`,
    // An application-made 500 with its own body, after a realistic amount of work.
    'error.php': [
      '<?php',
      versionHeader,
      'usleep(30000);',
      'http_response_code(500);',
      "header('Content-Type: text/plain');",
      `echo "application error (${PHP_APP_MARKER})\\n";`,
      '',
    ].join('\n'),
    // A fatal error: php-fpm itself turns it into a 500 with an empty body.
    'fatal.php': `<?php\n${versionHeader}\nfrontdoor_lab_undefined_function();\n`,
    // Sleeps ?ms= milliseconds (default 2000) before answering ok.
    'slow.php': [
      '<?php',
      versionHeader,
      "usleep(1000 * (int)($_GET['ms'] ?? 2000));",
      'echo "ok\\n";',
      '',
    ].join('\n'),
    // Fails every ?every=N-th request (default 5) with a 500, counting across workers in a locked file,
    // the way a half-reloaded pool fails a fixed share of requests.
    'flaky.php': [
      '<?php',
      versionHeader,
      "$every = max(1, (int)($_GET['every'] ?? 5));",
      `$file = fopen(${JSON.stringify(`${stateDir}/flaky-counter`)}, 'c+');`,
      'flock($file, LOCK_EX);',
      '$count = (int)stream_get_contents($file) + 1;',
      'ftruncate($file, 0); rewind($file); fwrite($file, (string)$count);',
      'flock($file, LOCK_UN); fclose($file);',
      'if ($count % $every === 0) {',
      '  http_response_code(500);',
      `  echo "application error on request $count (${PHP_APP_MARKER})\\n";`,
      '  exit;',
      '}',
      'echo "ok\\n";',
      '',
    ].join('\n'),
  };
}
