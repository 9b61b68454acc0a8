#!/usr/bin/env bash
# Creates the Cloudflare resources of the eval API in YOUR account, applies the D1 migrations remotely, sets the
# admin secret and deploys the Worker. Re-running it is safe: existing resources are reused.
#
# Needs (environment):
#   CLOUDFLARE_API_TOKEN   an API token with Workers, D1, R2 and Queues edit rights
#   CLOUDFLARE_ACCOUNT_ID  the account to deploy into
#   ADMIN_SECRET           the secret that authorises POST /v1/keys (at least 16 characters)
# Optional (defaults in brackets):
#   CROSSOVER_D1_NAME [crossover-eval]  CROSSOVER_R2_BUCKET [crossover-generations]
#   CROSSOVER_QUEUE [crossover-scoring] CROSSOVER_DLQ [crossover-scoring-dlq]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
app="$here/../../apps/eval-api"
: "${CLOUDFLARE_API_TOKEN:?set CLOUDFLARE_API_TOKEN}"
: "${CLOUDFLARE_ACCOUNT_ID:?set CLOUDFLARE_ACCOUNT_ID}"
: "${ADMIN_SECRET:?set ADMIN_SECRET (at least 16 characters)}"
[ "${#ADMIN_SECRET}" -ge 16 ] || { echo "ADMIN_SECRET must be at least 16 characters" >&2; exit 2; }
d1_name=${CROSSOVER_D1_NAME:-crossover-eval}
bucket=${CROSSOVER_R2_BUCKET:-crossover-generations}
queue=${CROSSOVER_QUEUE:-crossover-scoring}
dlq=${CROSSOVER_DLQ:-crossover-scoring-dlq}

cd "$app"
wrangler() { npx --no-install wrangler "$@"; }

echo "== D1 database $d1_name"
db_id=$(wrangler d1 list --json | node -e '
  const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const found = list.find((db) => db.name === process.argv[1]);
  process.stdout.write(found ? found.uuid : "");' "$d1_name")
if [ -z "$db_id" ]; then
  wrangler d1 create "$d1_name" >/dev/null
  db_id=$(wrangler d1 list --json | node -e '
    const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.stdout.write(list.find((db) => db.name === process.argv[1]).uuid);' "$d1_name")
fi
echo "   id $db_id"

echo "== R2 bucket $bucket"
wrangler r2 bucket create "$bucket" 2>/dev/null || echo "   (exists)"
echo "== queues $queue and $dlq"
wrangler queues create "$queue" 2>/dev/null || echo "   (exists)"
wrangler queues create "$dlq" 2>/dev/null || echo "   (exists)"

# The deploy config is wrangler.jsonc with this account's names and ids filled in; it is not committed.
config="$app/wrangler.deploy.jsonc"
node - "$app/wrangler.jsonc" "$config" "$db_id" "$d1_name" "$bucket" "$queue" "$dlq" <<'NODE'
const fs = require('node:fs');
const [source, target, dbId, d1Name, bucket, queue, dlq] = process.argv.slice(2);
let text = fs.readFileSync(source, 'utf8');
text = text
  .replace(/"database_id": "[^"]*"/, `"database_id": "${dbId}"`)
  .replace(/"database_name": "[^"]*"/, `"database_name": "${d1Name}"`)
  .replace(/"bucket_name": "[^"]*"/, `"bucket_name": "${bucket}"`)
  .replaceAll('"crossover-scoring-dlq"', `"${dlq}"`)
  .replace(/"queue": "crossover-scoring"/g, `"queue": "${queue}"`);
fs.writeFileSync(target, text);
NODE

echo "== migrations (remote)"
wrangler d1 migrations apply DB --remote --config "$config"
echo "== admin secret"
printf '%s' "$ADMIN_SECRET" | wrangler secret put ADMIN_SECRET --config "$config"
echo "== deploy"
wrangler deploy --config "$config"
