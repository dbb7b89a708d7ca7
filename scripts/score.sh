#!/bin/bash
cd "$(dirname "$0")/.." && node ../shared/tools/score.mjs --cli "npx tsx scripts/dev-json.ts" "$@" ../shared/corpus/taskflow ../shared/corpus/realtimechat 2>&1 | grep -v nodedir
