package cdd

import (
	"io"
	"net/http"
	"strconv"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
)

// copyUpload is a copy's upload: the version the form or the call was
// read at (the form's "version" field before the file, or If-Match), and
// the "file" part, streamed.
type copyUpload struct {
	version uint64
	name    string
	content io.Reader
}

// readCopyUpload reads the multipart body up to the file part, which it
// leaves to be streamed into the store.
func readCopyUpload(r *http.Request) (copyUpload, error) {
	fields, name, file, err := web.StreamedUpload(r)
	if err != nil {
		return copyUpload{}, err
	}
	var field *uint64
	if raw, ok := fields["version"]; ok {
		v, err := strconv.ParseUint(raw[len(raw)-1], 10, 64)
		if err != nil {
			return copyUpload{}, domain.Invalid("version", "reload the page and try again").WithCode("request.version.required")
		}
		field = &v
	}
	if file == nil {
		return copyUpload{}, domain.Invalid("file", "choose the file of the copy").WithCode("cdd.identity_copy.type")
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), field)
	return copyUpload{version: version, name: name, content: file}, err
}

// storeCopy stores the upload with matter matterID's record.
func (s *Handlers) storeCopy(r *http.Request, matterID string) (cddcmd.RecordResult, error) {
	up, err := readCopyUpload(r)
	if err != nil {
		return cddcmd.RecordResult{}, err
	}
	return s.deps.IdentityCopies.Handle(r.Context(), cddcmd.StoreIdentityCopy{Actor: s.Actor(r), MatterID: matterID,
		ExpectedVersion: up.version, Name: up.name, Content: up.content})
}

// identityCopyPage is POST /matters/{id}/due-diligence/identity-copy: the
// record's page's upload; refused, the page again with the message.
func (s *Handlers) identityCopyPage(w http.ResponseWriter, r *http.Request) {
	m := web.MatterOf(r)
	res, err := s.storeCopy(r, m.ID)
	if err != nil {
		s.refusedForm(w, r, m, "identity_copy", err, false)
		return
	}
	s.Await(r.Context(), cddmodel.Name, res.Position)
	http.Redirect(w, r, "/matters/"+m.ID+"/due-diligence?done=identity_copy", http.StatusSeeOther)
}

// apiIdentityCopy is POST /api/v1/matters/{id}/due-diligence/identity-copy:
// the record with its new copy.
func (s *Handlers) apiIdentityCopy(w http.ResponseWriter, r *http.Request) {
	res, err := s.storeCopy(r, web.MatterOf(r).ID)
	s.written(w, r, res, err, http.StatusCreated)
}

// downloadCopy is GET …/due-diligence/identity-copy (the matter's, the
// API's and the officer's routes): the copy's bytes, recorded in the
// access log as a download of the client's data.
func (s *Handlers) downloadCopy(officer bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		matterID := ""
		if officer {
			m, err := s.officerMatter(r)
			if err != nil {
				s.refuse(w, r, err)
				return
			}
			matterID = m.ID
		} else {
			matterID = web.MatterOf(r).ID
		}
		rec, err := s.readRecord(r, matterID) // walls on the record's client
		if err == nil && !rec.Exists() {
			err = cdd.RecordNotFound()
		}
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		body, c, err := s.deps.IdentityCopies.Open(r.Context(), s.Actor(r), matterID)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		defer body.Close()
		p, _ := web.PrincipalOf(r.Context())
		if err := s.RecordAccess(r, p.StaffID, p.Action, accesslog.ViaDownload, []string{rec.ClientID()}); err != nil {
			s.Fail(w, r, err)
			return
		}
		s.SendFile(w, r, web.StoredFile{Name: c.Name, ContentType: c.ContentType, Size: c.Size}, body)
	}
}
