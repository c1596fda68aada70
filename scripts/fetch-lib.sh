#!/usr/bin/env bash
# Front-end libraries into src/Laurel.Web/wwwroot/lib, from the npm registry through npm itself, at the versions and
# with the sha512 integrity pinned in src/Laurel.Web/frontend-libs.txt (ADR 0019). wwwroot/lib is not committed.
#
#   scripts/fetch-lib.sh           fetch the libraries when wwwroot/lib does not match the pins (a no-op when it does)
#   scripts/fetch-lib.sh --force   fetch them again
#
# Called by ./laurel lib, run and test and by every build of Laurel.Web (its FetchFrontEndLibraries target). npm is
# installed from Debian's packages when missing. A tarball whose sha512 differs from the pin stops the run.

# The developer script's helpers (log, die, ensure_packages); it cds to the repository root.
# shellcheck source=../laurel
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/laurel"

PINS=src/Laurel.Web/frontend-libs.txt
LIB=src/Laurel.Web/wwwroot/lib
STAMP=$LIB/.pins

# The pinned lines, without comments and blank lines.
pinned() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$PINS"; }

# up_to_date: wwwroot/lib was filled from exactly these pins and every pinned file is there.
up_to_date() {
  [ -f "$STAMP" ] && cmp -s "$STAMP" <(pinned) || return 1
  local name version integrity files f
  while read -r name version integrity files; do
    for f in $files; do
      [ -s "$LIB/$name/$f" ] || return 1
    done
  done < <(pinned)
}

# hex_of_integrity sha512-BASE64: the digest in hex, as sha512sum prints it.
hex_of_integrity() { printf '%s' "${1#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n'; }

fetch_all() {
  command -v npm >/dev/null || ensure_packages npm
  local work name version integrity files f tarball want got
  work=$(mktemp -d "${TMPDIR:-/tmp}/laurel-lib.XXXXXX")
  # shellcheck disable=SC2064  # $work is fixed now
  trap "rm -rf '$work'" EXIT
  mkdir -p "$work/lib"
  while read -r name version integrity files; do
    case "$integrity" in sha512-*) ;; *) die "$PINS: $name $version needs a sha512 integrity" ;; esac
    [ -n "$files" ] || die "$PINS: $name $version lists no files to copy"
    log "fetching $name@$version"
    # npm pack downloads the registry's tarball (and checks it against the registry's own integrity) without
    # installing it or running any of its scripts.
    tarball=$(cd "$work" && npm pack --silent --ignore-scripts "$name@$version" | tail -n1)
    [ -f "$work/$tarball" ] || die "npm pack $name@$version wrote no tarball"
    want=$(hex_of_integrity "$integrity")
    got=$(sha512sum "$work/$tarball" | cut -d' ' -f1)
    [ "$want" = "$got" ] || die "$name@$version: the tarball's sha512 is not the one pinned in $PINS"
    mkdir -p "$work/x/$name"
    tar -xzf "$work/$tarball" -C "$work/x/$name"
    for f in $files; do
      [ -f "$work/x/$name/package/$f" ] || die "$name@$version has no $f"
      mkdir -p "$work/lib/$name/$(dirname "$f")"
      cp "$work/x/$name/package/$f" "$work/lib/$name/$f"
    done
  done < <(pinned)
  pinned >"$work/lib/.pins"
  # Replace the whole folder at once: nothing of an older version stays behind.
  rm -rf "$LIB.old"
  if [ -d "$LIB" ]; then mv "$LIB" "$LIB.old"; fi
  mv "$work/lib" "$LIB"
  rm -rf "$LIB.old"
  log "front-end libraries in $LIB: $(pinned | cut -d' ' -f1,2 | tr '\n' ' ')"
}

if [ "${1:-}" = "--force" ] || ! up_to_date; then
  fetch_all
fi
