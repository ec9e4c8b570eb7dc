package reporting_test

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// render writes a value the way the expectations are written: dates as
// YYYY-MM-DD, NULL as "NULL", arrays with braces.
func render(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case driver.Valuer: // numeric and the like: their plain value
		plain, err := v.Value()
		if err != nil {
			return err.Error()
		}
		return render(plain)
	case time.Time:
		return v.Format(time.DateOnly)
	case []any:
		s := "{"
		for i, e := range v {
			if i > 0 {
				s += ","
			}
			s += render(e)
		}
		return s + "}"
	}
	return fmt.Sprint(v)
}
