package documents

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"strconv"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// upload is one Put in progress: it cuts the plaintext into chunks,
// hashes it, keeps its first bytes for sniffing and counts it against the
// limit.
type upload struct {
	owner          *Store
	docID, subject string
	src            *bufio.Reader
	limit          int64
	buf            []byte
	hash           hash.Hash
	head           []byte
	size           int64
	index          uint32
}

func newUpload(s *Store, docID, subject string, r io.Reader, limit int64) *upload {
	// One byte past the limit is enough to know the file is too large,
	// without reading the rest of an oversized upload.
	src := bufio.NewReader(io.LimitReader(r, limit+1))
	return &upload{owner: s, docID: docID, subject: subject, src: src, limit: limit,
		buf: make([]byte, s.chunkSize), hash: sha256.New()}
}

// next reads the next chunk and reports whether it is the last: a full
// chunk is the last only when nothing follows it.
func (u *upload) next() ([]byte, bool, error) {
	n, err := io.ReadFull(u.src, u.buf)
	last := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
	if err != nil && !last {
		return nil, false, readFailed(err)
	}
	if !last {
		if _, err := u.src.Peek(1); errors.Is(err, io.EOF) {
			last = true
		} else if err != nil {
			return nil, false, readFailed(err)
		}
	}
	return u.count(u.buf[:n], last)
}

// count adds a chunk to the size, the hash and the sniffing head.
func (u *upload) count(chunk []byte, last bool) ([]byte, bool, error) {
	u.size += int64(len(chunk))
	if u.size > u.limit {
		return nil, false, domain.Invalid("file", "the file is larger than %s", sizeText(u.limit)).WithCode("document.too_large")
	}
	u.hash.Write(chunk)
	if len(u.head) < communication.SniffLength {
		u.head = append(u.head, chunk[:min(len(chunk), communication.SniffLength-len(u.head))]...)
	}
	return chunk, last, nil
}

func readFailed(err error) error {
	e := domain.Invalid("file", "the upload broke off; send the file again").WithCode("document.read_failed")
	e.Err = err
	return e
}

// sizeText writes a limit for a person: in MiB when it is whole ones.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
