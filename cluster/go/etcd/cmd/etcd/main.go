// Command etcd builds the upstream etcd server (go.etcd.io/etcd/server/v3, whose own main does the same).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
