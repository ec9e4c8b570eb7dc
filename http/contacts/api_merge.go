package contacts

import (
	"encoding/json"

	"github.com/klient-crm/klient/http/web"
)

// mergeDetails applies a JSON merge patch to current and decodes the result
// strictly into dst, so an unknown or mistyped field in the patch is still
// refused.
func mergeDetails(current any, patch json.RawMessage, dst any) error {
	var p any
	if len(patch) == 0 || string(patch) == "null" {
		p = map[string]any{}
	} else if err := web.DecodeStrict(patch, &p, "details"); err != nil {
		return err
	}
	if _, ok := p.(map[string]any); !ok {
		return web.BadRequest(web.ErrMalformed, "details", "request.json.wrong_type", "details must be a JSON object")
	}
	base, err := json.Marshal(current)
	if err != nil {
		return err
	}
	var target any
	if err := json.Unmarshal(base, &target); err != nil {
		return err
	}
	merged, err := json.Marshal(mergePatch(target, p))
	if err != nil {
		return err
	}
	return web.DecodeStrict(merged, dst, "details")
}

// mergePatch is RFC 7396: objects merge key by key, null deletes, anything
// else replaces.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
		} else {
			t[k] = mergePatch(t[k], v)
		}
	}
	return t
}
