package loaddrive

import "testing"

// The page driver's dialer refuses any address off this machine, so that
// not even a redirect can send load elsewhere; loopback passes.
func TestDialerRefusesRemoteAddresses(t *testing.T) {
	t.Parallel()
	for _, address := range []string{"10.1.2.3:80", "192.168.1.1:443", "8.8.8.8:53"} {
		if err := refuseRemote("tcp", address, nil); err == nil {
			t.Errorf("the dialer let a connection to %s through", address)
		}
	}
	for _, address := range []string{"127.0.0.1:8080", "[::1]:8080"} {
		if err := refuseRemote("tcp", address, nil); err != nil {
			t.Errorf("the dialer refused %s: %v", address, err)
		}
	}
}
