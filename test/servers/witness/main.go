// Command witness is a small, independent implementation of the witness side of
// c2sp.org/tlog-witness (add-checkpoint and the monitoring checkpoint read) with
// Ed25519 cosignatures (c2sp.org/tlog-cosignature, cosignature/v1). The ledger's
// test suite runs it to check that the log obtains cosignatures, and that a log
// which rewrites its history cannot get one. It shares no code with the ledger.
//
//	witness -listen 127.0.0.1:0 -name <name> -seed <64 hex> -log <vkey>[ <origin>] [-log ...] -state <file> [-prefix /p]
//	witness -name <name> -seed <64 hex> -print-vkey
//
// A -log value is a C2SP Ed25519 verifier key (<name>+<hex id>+base64(0x01 ‖ key)),
// optionally followed by a space and the log's origin line; without one the origin
// is the key's name. Several -log values may name the same origin (any of them is
// trusted). On start it prints one line, "listening http://HOST:PORT", to stdout.
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/mod/sumdb/note"
)

type logFlags []string

func (l *logFlags) String() string     { return strings.Join(*l, ", ") }
func (l *logFlags) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "witness:", err)
		os.Exit(1)
	}
}

func run() error {
	var logs logFlags
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	name := flag.String("name", "", "witness (cosigner) name, e.g. witness.example/w1")
	seedHex := flag.String("seed", "", "Ed25519 private key seed, 64 hex characters")
	statePath := flag.String("state", "", "JSON file keeping the latest cosigned checkpoint of each log")
	prefix := flag.String("prefix", "", "URL path prefix of both the submission and the monitoring APIs, e.g. /witness")
	printVkey := flag.Bool("print-vkey", false, "print the cosigner verifier key and exit")
	flag.Var(&logs, "log", "trusted log: <vkey> or \"<vkey> <origin>\" (repeatable)")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}

	seed, err := hex.DecodeString(*seedHex)
	if err != nil || len(seed) != ed25519.SeedSize {
		return errors.New("-seed must be 64 hex characters (a 32-byte Ed25519 seed)")
	}
	cosigner, err := newCosigner(*name, ed25519.NewKeyFromSeed(seed))
	if err != nil {
		return err
	}
	if *printVkey {
		fmt.Println(cosigner.vkey)
		return nil
	}

	if len(logs) == 0 {
		return errors.New("at least one -log is required")
	}
	if *statePath == "" {
		return errors.New("-state is required")
	}
	if *prefix != "" && (!strings.HasPrefix(*prefix, "/") || strings.HasSuffix(*prefix, "/")) {
		return errors.New("-prefix must start with / and not end with one")
	}
	trusted, err := parseLogs(logs)
	if err != nil {
		return err
	}
	store, err := openStore(*statePath)
	if err != nil {
		return err
	}

	w := &witness{cosigner: cosigner, logs: trusted, store: store, now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+*prefix+"/add-checkpoint", w.addCheckpoint)
	mux.HandleFunc("GET "+*prefix+"/{origin}/checkpoint", w.getCheckpoint)
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	// The test harness reads this one line to learn the port.
	fmt.Printf("listening http://%s\n", ln.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	served := make(chan error, 1)
	go func() { served <- server.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-stop:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return server.Shutdown(ctx)
	}
}

// parseLogs maps each origin to the verifiers of the keys trusted for it.
func parseLogs(values []string) (map[string][]note.Verifier, error) {
	out := map[string][]note.Verifier{}
	for _, value := range values {
		vkey, origin, hasOrigin := strings.Cut(value, " ")
		v, err := note.NewVerifier(vkey)
		if err != nil {
			return nil, fmt.Errorf("-log %q: %v (want <name>+<hex id>+base64(0x01 ‖ Ed25519 key))", value, err)
		}
		if !hasOrigin {
			origin = v.Name()
		}
		if origin == "" || strings.ContainsAny(origin, "\n") {
			return nil, fmt.Errorf("-log %q: the origin must be one non-empty line", value)
		}
		out[origin] = append(out[origin], v)
	}
	return out, nil
}
