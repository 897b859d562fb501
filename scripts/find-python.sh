#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 runs on no newer Python), looking on
# PATH and in pyenv; exits 1 with instructions when there is none.
set -euo pipefail

is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

candidates=()
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in "$root"/versions/3.10*; do
    [ -x "$dir/bin/python3.10" ] && candidates+=("$dir/bin/python3.10")
  done
fi
for dir in "$HOME"/.pyenv/versions/3.10*; do
  [ -x "$dir/bin/python3.10" ] && candidates+=("$dir/bin/python3.10")
done
command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")

for candidate in "${candidates[@]}"; do
  if is_310 "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

cat >&2 <<'MSG'
Python 3.10 was not found (Rasa 3.6 needs exactly 3.10).
Install it with pyenv:   pyenv install 3.10   (https://github.com/pyenv/pyenv#installation)
or your system's package manager (for example: apt-get install python3.10 python3.10-venv),
then run the command again.
MSG
exit 1
