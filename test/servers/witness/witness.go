package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const (
	// A checkpoint, 63 proof lines and a few signatures fit many times over.
	maxBody      = 64 << 10
	maxProofLen  = 63
	cosignatureV = 0x04 // signed-note signature type of Ed25519 cosignature/v1
)

var (
	decimal = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)
	// RFC 6962 §2.1: the root of the empty tree is the hash of the empty string.
	emptyRoot = tlog.Hash(sha256.Sum256(nil))
)

type cosigner struct {
	name  string
	key   ed25519.PrivateKey
	keyID [4]byte
	vkey  string
}

func newCosigner(name string, key ed25519.PrivateKey) (*cosigner, error) {
	if name == "" || !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsSpace) >= 0 || strings.Contains(name, "+") {
		return nil, errors.New("-name must be non-empty, without spaces or \"+\"")
	}
	pub := key.Public().(ed25519.PublicKey)
	material := append([]byte{cosignatureV}, pub...)
	// tlog-cosignature: key ID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4].
	sum := sha256.Sum256(append([]byte(name+"\n"), material...))
	c := &cosigner{name: name, key: key}
	copy(c.keyID[:], sum[:4])
	c.vkey = fmt.Sprintf("%s+%s+%s", name, hex.EncodeToString(c.keyID[:]), base64.StdEncoding.EncodeToString(material))
	return c, nil
}

// cosign returns the note signature line of a cosignature/v1 over the checkpoint body.
func (c *cosigner) cosign(body string, timestamp uint64) string {
	msg := fmt.Sprintf("cosignature/v1\ntime %d\n%s", timestamp, body)
	sig := make([]byte, 0, 4+8+ed25519.SignatureSize)
	sig = append(sig, c.keyID[:]...)
	sig = binary.BigEndian.AppendUint64(sig, timestamp)
	sig = append(sig, ed25519.Sign(c.key, []byte(msg))...)
	return fmt.Sprintf("— %s %s\n", c.name, base64.StdEncoding.EncodeToString(sig))
}

type witness struct {
	cosigner *cosigner
	logs     map[string][]note.Verifier
	store    *store
	now      func() time.Time
}

// refusal is a non-200 answer; evidence marks a request signed by a trusted log key,
// which a misbehaving log cannot disown.
type refusal struct {
	status   int
	message  string
	evidence bool
	size     int64 // the stored size, for 409
}

func refuse(status int, format string, args ...any) *refusal {
	return &refusal{status: status, message: fmt.Sprintf(format, args...)}
}

// request is a parsed add-checkpoint body.
type request struct {
	old   int64
	proof tlog.TreeProof
	note  []byte
}

func parseRequest(body []byte) (*request, *refusal) {
	oldLine, rest, ok := bytes.Cut(body, []byte("\n"))
	sizeText, isOld := strings.CutPrefix(string(oldLine), "old ")
	if !ok || !isOld || !decimal.MatchString(sizeText) {
		return nil, refuse(http.StatusBadRequest, "the body must start with an \"old <size>\" line")
	}
	old, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, "old size %s is out of range", sizeText)
	}
	req := &request{old: old}
	for {
		line, after, ok := bytes.Cut(rest, []byte("\n"))
		if !ok {
			return nil, refuse(http.StatusBadRequest, "no empty line before the checkpoint")
		}
		rest = after
		if len(line) == 0 {
			break
		}
		if len(req.proof) == maxProofLen {
			return nil, refuse(http.StatusBadRequest, "more than %d consistency proof lines", maxProofLen)
		}
		h, ok := decodeHash(string(line))
		if !ok {
			return nil, refuse(http.StatusBadRequest, "proof line %q is not a base64 SHA-256 hash", line)
		}
		req.proof = append(req.proof, h)
	}
	req.note = rest
	return req, nil
}

// decodeHash accepts only the canonical base64 of 32 bytes (the decoder alone would skip \r).
func decodeHash(s string) (tlog.Hash, bool) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) != tlog.HashSize || base64.StdEncoding.EncodeToString(raw) != s {
		return tlog.Hash{}, false
	}
	return tlog.Hash(raw), true
}

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

// parseCheckpoint reads a c2sp.org/tlog-checkpoint body: origin, size, base64 root, extension lines.
func parseCheckpoint(text string) (*checkpoint, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 || !strings.HasSuffix(text, "\n") {
		return nil, errors.New("a checkpoint has an origin, a size and a root line")
	}
	for _, extension := range lines[3:] {
		if extension == "" {
			return nil, errors.New("a checkpoint's extension lines are not empty")
		}
	}
	if lines[0] == "" || !decimal.MatchString(lines[1]) {
		return nil, errors.New("the checkpoint's origin or size line is malformed")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("checkpoint size %s is out of range", lines[1])
	}
	root, ok := decodeHash(lines[2])
	if !ok {
		return nil, errors.New("the checkpoint's root line is not a base64 SHA-256 hash")
	}
	return &checkpoint{origin: lines[0], size: size, root: root}, nil
}

func (w *witness) addCheckpoint(rw http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, maxBody))
	if err != nil {
		w.answerRefusal(rw, refuse(http.StatusBadRequest, "reading the body: %v", err), body)
		return
	}
	line, ref := w.add(body)
	if ref != nil {
		w.answerRefusal(rw, ref, body)
		return
	}
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(rw, line)
}

// add runs the checks of tlog-witness add-checkpoint, in the spec's order, and returns the cosignature line.
func (w *witness) add(body []byte) (string, *refusal) {
	req, ref := parseRequest(body)
	if ref != nil {
		return "", ref
	}
	origin, _, _ := bytes.Cut(req.note, []byte("\n"))
	verifiers, known := w.logs[string(origin)]
	if !known {
		return "", refuse(http.StatusNotFound, "unknown log origin %q", origin)
	}
	n, err := note.Open(req.note, note.VerifierList(verifiers...))
	var unverified *note.UnverifiedNoteError
	var invalid *note.InvalidSignatureError
	switch {
	case errors.As(err, &unverified):
		return "", refuse(http.StatusForbidden, "no signature by a key trusted for %q", origin)
	case errors.As(err, &invalid):
		return "", refuse(http.StatusForbidden, "the signature by %s+%08x does not verify", invalid.Name, invalid.Hash)
	case err != nil:
		return "", refuse(http.StatusBadRequest, "not a signed note: %v", err)
	}
	cp, err := parseCheckpoint(n.Text)
	if err != nil {
		return "", refuse(http.StatusBadRequest, "%v", err)
	}
	if req.old > cp.size {
		return "", refuse(http.StatusBadRequest, "old size %d is larger than the checkpoint's size %d", req.old, cp.size)
	}

	// Checking the old size and persisting the new checkpoint happen under one lock (the spec's race).
	w.store.mu.Lock()
	defer w.store.mu.Unlock()
	prev := w.store.logs[cp.origin]
	ref = checkConsistency(req, cp, prev)
	if ref != nil {
		ref.evidence = true
		return "", ref
	}
	timestamp := w.now().Unix()
	if timestamp <= 0 {
		return "", refuse(http.StatusInternalServerError, "the clock reads %d, before 1970", timestamp)
	}
	line := w.cosigner.cosign(n.Text, uint64(timestamp))
	var signed strings.Builder
	signed.WriteString(n.Text + "\n")
	for _, sig := range n.Sigs {
		signed.WriteString("— " + sig.Name + " " + sig.Base64 + "\n")
	}
	signed.WriteString(line)
	next := logState{Size: cp.size, Root: cp.root, Checkpoint: signed.String()}
	if err := w.store.put(cp.origin, next); err != nil {
		return "", refuse(http.StatusInternalServerError, "could not persist the checkpoint: %v", err)
	}
	return line, nil
}

// checkConsistency compares a verified checkpoint with the latest one cosigned for its origin.
func checkConsistency(req *request, cp *checkpoint, prev logState) *refusal {
	if req.old != prev.Size {
		return &refusal{status: http.StatusConflict, message: fmt.Sprintf("old size %d, but the latest cosigned size is %d", req.old, prev.Size), size: prev.Size}
	}
	if cp.size == 0 && cp.root != emptyRoot {
		return refuse(http.StatusUnprocessableEntity, "a checkpoint of size 0 must have the empty tree's root")
	}
	switch {
	case req.old == 0:
		if len(req.proof) != 0 {
			return refuse(http.StatusUnprocessableEntity, "old size 0 takes no consistency proof")
		}
	case req.old == cp.size:
		if cp.root != prev.Root {
			return refuse(http.StatusUnprocessableEntity, "size %d was cosigned with root %s, not %s", cp.size, prev.Root, cp.root)
		}
		if len(req.proof) != 0 {
			return refuse(http.StatusUnprocessableEntity, "a tree is consistent with itself without a proof")
		}
	default:
		if err := tlog.CheckTree(req.proof, cp.size, cp.root, req.old, prev.Root); err != nil {
			return refuse(http.StatusUnprocessableEntity, "no consistency from size %d (root %s) to %d (root %s): %v", req.old, prev.Root, cp.size, cp.root, err)
		}
	}
	return nil
}

func (w *witness) answerRefusal(rw http.ResponseWriter, ref *refusal, body []byte) {
	// A refused checkpoint signed by the log is kept as possible evidence of misbehaviour (tlog-witness).
	if ref.evidence {
		fmt.Fprintf(os.Stderr, "witness: refused %d: %s; request %q\n", ref.status, ref.message, body)
	} else {
		fmt.Fprintf(os.Stderr, "witness: refused %d: %s\n", ref.status, ref.message)
	}
	if ref.status == http.StatusConflict {
		rw.Header().Set("Content-Type", "text/x.tlog.size")
		rw.WriteHeader(ref.status)
		fmt.Fprintf(rw, "%d\n", ref.size)
		return
	}
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.WriteHeader(ref.status)
	fmt.Fprintln(rw, ref.message)
}

// getCheckpoint serves the latest cosigned checkpoint of the log whose origin hashes to the path segment.
func (w *witness) getCheckpoint(rw http.ResponseWriter, r *http.Request) {
	originHash := r.PathValue("origin")
	w.store.mu.Lock()
	var found *logState
	for origin, state := range w.store.logs {
		sum := sha256.Sum256([]byte(origin))
		if hex.EncodeToString(sum[:]) == originHash {
			found = &state
			break
		}
	}
	w.store.mu.Unlock()
	if found == nil {
		http.Error(rw, "no checkpoint cosigned for that origin", http.StatusNotFound)
		return
	}
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(rw, found.Checkpoint)
}
