# wharf: make serve (run the server), make test (every test), make build (release binary).
BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
JOBS      ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build serve test test-unit test-asan bench format check-format clean

all: build

deps:
	scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

# Runs the server on the embedded defaults (127.0.0.1:8080, ./var); honours WHARF_* variables.
serve: build
	$(BUILD_DIR)/wharf serve

# Every test: unit, store conformance, integration, CLI and browser tests.
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

test-unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) -L unit

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWHARF_SANITIZE=address,undefined -DWHARF_BUILD_BENCH=OFF
	cmake --build $(ASAN_DIR) -j$(JOBS)
	cd $(ASAN_DIR) && ctest --output-on-failure -j$(JOBS)

bench: build
	bench/run

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

check-format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format --dry-run -Werror

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
