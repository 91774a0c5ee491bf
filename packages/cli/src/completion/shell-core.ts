// The completion logic both shells run: given the words typed so far (__ul_words, the command
// first, the word being completed last), the candidates in __ul_reply, before the shell keeps
// those that start with the word being completed (__ul_files f or d: file or folder names instead).
// Written in what bash and zsh's ksh emulation read alike (0-based arrays, word splitting).
// Words are read as underlay reads them: global options up to the object, then the object, the
// verb and keywords by ip's prefix rule (`underlay l s` is link set), commander's words exactly.
// A template literal: every ${ of the shell is written \${, every backslash doubled.
export const SHELL_CORE = `# The key of the first "name:key" of __ul_list that $1 is a prefix of (ip's matches()), in __ul_r.
__underlay_first() {
  local e
  __ul_r=
  [[ -n $1 ]] || return 1
  for e in "\${__ul_list[@]}"; do
    if [[ \${e%%:*} == "$1"* ]]; then __ul_r=\${e#*:}; return 0; fi
  done
  return 1
}

# The same, whole words first (a keyword typed in full is that keyword).
__underlay_exact() {
  local e
  for e in "\${__ul_list[@]}"; do
    if [[ \${e%%:*} == "$1" ]]; then __ul_r=\${e#*:}; return 0; fi
  done
  return 1
}
__underlay_keyword() { __underlay_exact "$1" || __underlay_first "$1"; }

# A global option as underlay reads it (--x is -x): its name in __ul_r, __ul_takes=1 if it takes a value.
__underlay_option() {
  local w=$1 e n f
  [[ $w == --* ]] && w=\${w#-}
  __ul_r= __ul_takes=0
  __underlay_data options
  for e in "\${__ul_list[@]}"; do
    n=\${e%%:*} f=\${e#*:}
    if [[ $f == *e* ]]; then [[ $w == "$n" ]] || continue; else [[ $n == "$w"* ]] || continue; fi
    __ul_r=$n
    [[ $f == *v* ]] && __ul_takes=1
    return 0
  done
  return 1
}

# Link names in the netns of -n (underlay asked: its -j output names them), or here (sysfs).
__underlay_devices() {
  local f IFS=$'\\n'
  if [[ -n $__ul_ns ]]; then
    __ul_reply+=($("$__ul_cmd" -n "$__ul_ns" -j link show 2>/dev/null | grep -o '"ifname":"[^"]*"' | cut -d'"' -f4))
  else
    for f in /sys/class/net/*; do [[ -e $f ]] && __ul_reply+=("\${f##*/}"); done
  fi
}

__underlay_netns() {
  local f
  for f in /run/netns/*; do [[ -e $f ]] && __ul_reply+=("\${f##*/}"); done
}

# __ul_list's words into the reply (names of "name:key" entries), @dev, @netns and @files read.
__underlay_add() {
  local e
  for e in "\${__ul_list[@]}"; do
    case $e in
      @dev) __underlay_devices ;;
      @netns) __underlay_netns ;;
      @files) __ul_files=f ;;
      -) ;;
      *) __ul_reply+=("\${e%%:*}") ;;
    esac
  done
}

# An ip object $1 whose words start at index $2: verb, then keywords and their values.
__underlay_ip() {
  local obj=$1 i=$2 verb=_ prev=
  __underlay_data "$obj/verbs"
  if (( \${#__ul_list[@]} )); then
    if (( i == n - 1 )); then __underlay_add; __ul_reply+=(help); return 0; fi
    __underlay_first "\${__ul_words[i]}" || return 0
    verb=$__ul_r
    i=$((i + 1))
  fi
  (( n - 2 >= i )) && prev=\${__ul_words[n - 2]}
  __underlay_data "$obj/$verb/takes"
  if [[ -n $prev ]] && __underlay_keyword "$prev"; then
    __underlay_data "$obj/$verb/value/$__ul_r"
    __underlay_add
    return 0
  fi
  if (( i == n - 1 )); then __underlay_data "$obj/$verb/first"; __underlay_add; fi
  __underlay_data "$obj/$verb/keywords"
  __underlay_add
}

# An own object $1 (commander's grammar) whose words start at index $2 ($at: the command path;
# not $path, which is zsh's $PATH).
__underlay_own() {
  local at=$1 i=$2 w pos=0
  while (( i < n - 1 )); do
    w=\${__ul_words[i]}
    if [[ $w == -* ]]; then
      __underlay_data "$at/optvalues"
      if [[ $w != *=* ]] && __underlay_exact "$w"; then
        i=$((i + 1))
        if (( i == n - 1 )); then
          case $__ul_r in dir) __ul_files=d ;; file | path | filename) __ul_files=f ;; esac
          return 0
        fi
      elif __underlay_option "$w" && (( __ul_takes )); then
        # The global options these objects also take after the object (-n NS).
        i=$((i + 1))
        (( i == n - 1 )) && { [[ $__ul_r == -netns ]] && __underlay_netns; return 0; }
        [[ $__ul_r == -netns ]] && __ul_ns=\${__ul_words[i]}
      fi
    else
      __underlay_data "$at/sub"
      if __underlay_exact "$w"; then at=$at/$__ul_r pos=0; else pos=$((pos + 1)); fi
    fi
    i=$((i + 1))
  done
  if [[ \${__ul_words[n - 1]} == -* ]]; then __underlay_data "$at/options"; __underlay_add; return 0; fi
  __underlay_data "$at/sub"
  __underlay_add
  __underlay_data "$at/args"
  if (( pos < \${#__ul_list[@]} )); then __ul_list=("\${__ul_list[pos]}"); __underlay_add; fi
}

__underlay_candidates() {
  local n=\${#__ul_words[@]} i=1 w __ul_ns= __ul_cmd=\${__ul_words[0]} __ul_r= __ul_takes=0
  local -a __ul_list
  __ul_reply=() __ul_files=
  command -v "$__ul_cmd" >/dev/null 2>&1 || __ul_cmd=underlay
  # The global options, up to the object.
  while (( i < n - 1 )); do
    w=\${__ul_words[i]}
    if [[ $w == -- ]]; then i=$((i + 1)); break; fi
    [[ $w == -?* ]] || break
    __underlay_option "$w"
    if (( __ul_takes )); then
      if (( i + 1 == n - 1 )); then __underlay_data "option/$__ul_r"; __underlay_add; return 0; fi
      [[ $__ul_r == -netns ]] && __ul_ns=\${__ul_words[i + 1]}
      i=$((i + 1))
    fi
    i=$((i + 1))
  done
  if (( i == n - 1 )); then
    if [[ \${__ul_words[i]} == -* ]]; then __underlay_data option-names; else __underlay_data object-names; __ul_reply+=(help); fi
    __underlay_add
    return 0
  fi
  __underlay_data objects
  __underlay_first "\${__ul_words[i]}" || return 0
  w=$__ul_r
  __underlay_data "kind/$w"
  case \${__ul_list[0]-} in
    ip) __underlay_ip "$w" $((i + 1)) ;;
    own) __underlay_own "$w" $((i + 1)) ;;
  esac
  return 0
}
`;
