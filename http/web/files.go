package web

import (
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/klient-crm/klient/domain"
)

// A file's bytes in and out of the edge: an upload is read as a stream
// (the file goes on to its store as it arrives), and a stored file goes
// out as an attachment that no browser renders in Klient's origin.

// StreamedUpload reads a multipart upload up to its part "file": the
// small fields before it (4 KiB each), the file's name and its content,
// still unread, so that the file goes on to its store as it arrives. No
// file part is content nil: the command says the file is empty.
func StreamedUpload(r *http.Request) (url.Values, string, io.Reader, error) {
	fields := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		return fields, "", nil, BadRequest(errors.Join(ErrMalformed, err), "file", "request.form.malformed", "send the file as multipart/form-data")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, "", nil, nil
		}
		if err != nil {
			return fields, "", nil, FormError(err)
		}
		if part.FormName() == "file" {
			return fields, part.FileName(), part, nil
		}
		b, err := io.ReadAll(io.LimitReader(part, 4<<10))
		if err != nil {
			return fields, "", nil, FormError(err)
		}
		fields.Add(part.FormName(), string(b))
	}
}

// DrainUpload reads what is left of a refused upload, so that the
// browser, still sending, gets the answer rather than a reset connection.
// The body's limit bounds it.
func DrainUpload(r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }

// StoredFile is what the answer says of a file sent back: its name, its
// type as stored (sniffed at upload), its size.
type StoredFile struct {
	Name, ContentType string
	Size              int64
}

// SendFile sends body as an attachment of f's type with nosniff, so that
// a browser saves it rather than rendering it in Klient's origin (and,
// like every answer, no-store: SecurityHeaders). The
// caller has checked who may read it and recorded the read; a copy that
// breaks off (the reader gone) is logged, the status being out already.
func (s *Kit) SendFile(w http.ResponseWriter, r *http.Request, f StoredFile, body io.Reader) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, body); err != nil {
		s.Log().LogAttrs(r.Context(), slog.LevelWarn, "download broke off", slog.String("error", domain.Loggable(err)),
			slog.String("correlation_id", CorrelationID(r.Context())))
	}
}
