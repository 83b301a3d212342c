#!/bin/sh
# Runs a test inside its own D-Bus session with a fresh GNOME Keyring, unlocked by a password fed on stdin,
# in a throwaway HOME: the test never sees (nor touches) the keychain of whoever runs it.
#
# usage: run-with-keyring.sh PROGRAM [ARGS...]
set -eu
scratch=$(mktemp -d "${TMPDIR:-/tmp}/counterpay-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/data" "$scratch/config" "$scratch/run"
chmod 700 "$scratch/run"
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_RUNTIME_DIR="$scratch/run" COUNTERPAY_KEYRING_SESSION=1
unset DISPLAY WAYLAND_DISPLAY
exec dbus-run-session -- sh -c '
    printf %s "counterpay-test-login" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' keyring "$@"
