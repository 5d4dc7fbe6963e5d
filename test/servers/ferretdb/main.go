// Command ferretdb runs FerretDB 1.24 (Apache-2.0), a server speaking the MongoDB wire protocol, embedded
// with its SQLite backend, so that the ledger's test suite can run its MongoDB projection store against a
// real wire-protocol server on machines where no MongoDB can be installed.
//
//	ferretdb -listen 127.0.0.1:0 -dir <folder for the SQLite files>
//
// On start it prints one line, "listening mongodb://HOST:PORT/", to stdout; SIGTERM or SIGINT stops it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (loopback)")
	dir := flag.String("dir", "", "existing folder for the SQLite database files")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	if *dir == "" {
		return errors.New("-dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	// FerretDB's SQLite backend takes a directory URI ending in a slash; each database is one file in it.
	// synchronous=NORMAL in WAL mode: a commit survives the crash of a client (what the tests do to the
	// ledger) and of this process, though not a power cut; each write is then no longer an fsync.
	sqliteURL := (&url.URL{
		Scheme:   "file",
		Opaque:   filepath.ToSlash(abs) + "/",
		RawQuery: url.Values{"_pragma": {"synchronous(normal)"}}.Encode(),
	}).String()

	// Warnings and errors only: the test suite keeps stderr to explain a failure.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	// MongoDBURI waits until the listener has its port, which Run sets up.
	fmt.Printf("listening %s\n", f.MongoDBURI())
	return <-done
}
