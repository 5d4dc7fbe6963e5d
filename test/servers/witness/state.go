package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/mod/sumdb/tlog"
)

// logState is the latest checkpoint cosigned for one origin.
type logState struct {
	Size int64     `json:"size"`
	Root tlog.Hash `json:"root"`
	// The checkpoint with the log's verified signatures and the cosignature, for the monitoring read.
	Checkpoint string `json:"checkpoint"`
}

// store keeps every log's state in one JSON file. mu guards logs and the file; the caller holds
// it across the check of the old size and put (tlog-witness: both must be atomic).
type store struct {
	mu   sync.Mutex
	path string
	logs map[string]logState
}

func openStore(path string) (*store, error) {
	s := &store{path: path, logs: map[string]logState{}}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &s.logs); err != nil {
		return nil, fmt.Errorf("state file %s: %v", path, err)
	}
	return s, nil
}

// put persists the new state durably (temp file, fsync, rename, fsync of the folder) before
// it is used: a cosignature is only returned for a checkpoint that survives a crash.
func (s *store) put(origin string, state logState) error {
	next := maps.Clone(s.logs)
	next[origin] = state
	raw, err := json.MarshalIndent(next, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.path)
	tmp, err := os.CreateTemp(dir, filepath.Base(s.path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(append(raw, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return err
		}
	}
	s.logs = next
	return nil
}
