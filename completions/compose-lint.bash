# bash completion for compose-lint: subcommands, options, option values and
# rule names. Options and rule names are read from the compose-lint being
# completed (`--help`, `rules --format names`), so they follow its version.
# Installed by `make install` into bash-completion's folder.

_compose_lint()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local prog=${words[0]}
    local commands="check validate config convert rules explain init"
    local cmd="" w i
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        case " $commands " in *" $w "*) cmd=$w; break;; esac
    done

    case $prev in
        -f|--file|-o|--output-file|-c|--config|--env-file|--stdin-filename)
            COMPREPLY=($(compgen -f -- "$cur")); return;;
        --project-directory)
            COMPREPLY=($(compgen -d -- "$cur")); return;;
        --format)
            local formats="text compact json sarif junit github gitlab checkstyle"
            [ "$cmd" = rules ] && formats="text markdown names"
            [ "$cmd" = explain ] && formats="text markdown"
            COMPREPLY=($(compgen -W "$formats" -- "$cur")); return;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return;;
        --severity|--fail-on) COMPREPLY=($(compgen -W "info warning error" -- "$cur")); return;;
        --to|--target) COMPREPLY=($(compgen -W "swarm kubernetes run" -- "$cur")); return;;
        --controller) COMPREPLY=($(compgen -W "deployment statefulset" -- "$cur")); return;;
        --service-type) COMPREPLY=($(compgen -W "ClusterIP NodePort LoadBalancer" -- "$cur")); return;;
        --layout) COMPREPLY=($(compgen -W "kustomize helm" -- "$cur")); return;;
        --select|--ignore)
            local rules
            rules=$("$prog" rules --format names 2>/dev/null)
            local prefix=""
            case $cur in *,*) prefix=${cur%,*},;; esac
            COMPREPLY=($(compgen -P "$prefix" -W "$rules all correctness security reliability portability style" -- "${cur##*,}")); return;;
        --docs-url|-p|--project-name|--profile|--namespace|--pvc-size|--storage-class|--image-prefix|--image-tag|--max-*|-j|--jobs|--exclude)
            return;;
    esac

    if [[ $cur == -* ]]; then
        local opts
        opts=$("$prog" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts -f -o -c -p -j -q -h -V" -- "$cur"))
        return
    fi
    if [ "$cmd" = explain ]; then
        COMPREPLY=($(compgen -W "$("$prog" rules --format names 2>/dev/null)" -- "$cur"))
        return
    fi
    if [ -z "$cmd" ]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
    COMPREPLY+=($(compgen -f -- "$cur"))
}
complete -o filenames -o bashdefault -F _compose_lint compose-lint
