#!/usr/bin/env bash
# Installs the packed plugin into a fresh TypeScript Strapi 5 app made by Strapi's own generator, exactly as
# the README's install section says, then builds and starts it and checks that the content types, the default
# roles and the admin pages are there. Slow (a full app install): run by hand or with `npm run check:install`.
# The site's course type is checked with Draft & Publish off and on (Strapi 5's default for a new type);
# INSTALL_CHECK_DRAFT_AND_PUBLISH="on" (or "off") checks one of them only.
# The Strapi version is the first argument (`npm run check:install -- 5.13.0`): the app is made by that
# version's generator, which installs that version of Strapi; the default is the newest one tested.
set -euo pipefail
strapi_version=${1:-${INSTALL_CHECK_STRAPI:-5.54.0}}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${INSTALL_CHECK_DIR:-$(mktemp -d /tmp/groups-install-$strapi_version.XXXXXX)}
port=${INSTALL_CHECK_PORT:-13399}
export STRAPI_TELEMETRY_DISABLED=true

echo "[install-check] packing the plugin"
(cd "$root" && node scripts/ensure-built.js && npm pack --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/strapi-plugin-groups-*.tgz | head -1)

if [ ! -d "$work/app/node_modules/@strapi/strapi" ]; then
  echo "[install-check] creating a TypeScript Strapi $strapi_version app with create-strapi@$strapi_version"
  (cd "$work" && npx -y "create-strapi@$strapi_version" app --ts --use-npm --install --skip-cloud --no-example \
    --no-git-init --no-run --non-interactive --dbclient sqlite >/dev/null)
fi
app="$work/app"

check() {
  local dp=$1
  echo "[install-check] the site owner's steps: a course type (Draft & Publish $dp), npm install, one config/plugins entry"
  mkdir -p "$app/src/api/course/content-types/course" "$app/src/api/course/controllers" "$app/src/api/course/routes" "$app/src/api/course/services"
  node -e '
    const [source, target, dp] = process.argv.slice(1);
    const schema = JSON.parse(require("fs").readFileSync(source, "utf8"));
    schema.options = { ...schema.options, draftAndPublish: dp === "on" };
    require("fs").writeFileSync(target, JSON.stringify(schema, null, 2));
  ' "$root/playground/src/api/course/content-types/course/schema.json" "$app/src/api/course/content-types/course/schema.json" "$dp"
  for kind in controller:controllers router:routes service:services; do
    fn=${kind%%:*}; dir=${kind##*:}
    factory="createCore$(tr '[:lower:]' '[:upper:]' <<< "${fn:0:1}")${fn:1}"
    printf "import { factories } from '@strapi/strapi';\n\nexport default factories.%s('api::course.course');\n" "$factory" > "$app/src/api/course/$dir/course.ts"
  done
  (cd "$app" && npm install --no-audit --no-fund "$tarball" >/dev/null)
  printf "export default () => ({\n  groups: { enabled: true, config: { courseContentType: 'api::course.course' } },\n});\n" \
    > "$app/config/plugins.ts"

  echo "[install-check] strapi build"
  (cd "$app" && npx strapi build >/dev/null 2>&1)
  grep -rqs "workspace.read" "$app/dist/build" || { echo "the admin build does not contain the groups plugin"; exit 1; }

  rm -rf "$app/.tmp" && mkdir -p "$app/.tmp" "$app/public/uploads"  # a fresh database on every check
  # create-strapi --non-interactive leaves DATABASE_FILENAME empty in .env, which points SQLite at a folder.
  echo "[install-check] strapi start on 127.0.0.1:$port"
  # exec: $pid is Strapi itself, so stopping it stops the server (npx would leave it running).
  (cd "$app" && HOST=127.0.0.1 PORT=$port DATABASE_FILENAME=${DATABASE_FILENAME:-.tmp/data.db} \
    exec node_modules/.bin/strapi start > "$work/start.log" 2>&1) &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 90); do
    curl -fs "http://127.0.0.1:$port/_health" -o /dev/null && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/_health" -o /dev/null || { cat "$work/start.log"; exit 1; }

  base="http://127.0.0.1:$port"
  token=$(curl -fs -X POST "$base/admin/register-admin" -H 'content-type: application/json' \
    -d '{"email":"owner@install.test","firstname":"Site","lastname":"Owner","password":"Install-check-2026"}' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.token))')
  auth=(-H "Authorization: Bearer $token")
  for uid in plugin::groups.group plugin::groups.enrollment plugin::groups.group-manager; do
    curl -fs "${auth[@]}" "$base/content-manager/collection-types/$uid" -o /dev/null || { echo "no $uid"; exit 1; }
  done
  roles=$(curl -fs "${auth[@]}" "$base/admin/roles")
  for role in "Group Manager" "Group Course Editor"; do
    grep -q "$role" <<< "$roles" || { echo "role $role missing"; exit 1; }
  done
  curl -fs "$base/admin/plugins/groups" -o /dev/null || { echo "admin page not served"; exit 1; }
  for route in /groups/workspace/overview /groups/reports /groups/enrollments /groups/home/summary; do
    curl -fs "${auth[@]}" "$base$route" -o /dev/null || { echo "$route does not answer"; exit 1; }
  done
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  trap - EXIT
  installed=$(node -p 'require(process.argv[1]).version' "$app/node_modules/@strapi/strapi/package.json")
  echo "[install-check] OK on Strapi $installed with Draft & Publish $dp: content types, default roles, routes and the admin bundle ($app)"
}

for dp in ${INSTALL_CHECK_DRAFT_AND_PUBLISH:-off on}; do check "$dp"; done
