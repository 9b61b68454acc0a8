#!/usr/bin/env bash
# Sets up a GPU box without Docker (Ubuntu 20.04 or 22.04 with an NVIDIA driver >= 525 already installed) for
# the crossover trainer, mirroring infra/gpu/Dockerfile: CUDA 11.2 + cuDNN 8.1 for @tensorflow/tfjs-node-gpu,
# CUDA 12 + cuDNN 9 for onnxruntime-node's CUDA provider, Node.js 20. Run from the repository root as root.
set -euo pipefail
. /etc/os-release
distro="ubuntu${VERSION_ID//./}"
arch=x86_64

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg python3 make g++
if ! dpkg -s cuda-keyring >/dev/null 2>&1; then
  curl -fsSLO "https://developer.download.nvidia.com/compute/cuda/repos/${distro}/${arch}/cuda-keyring_1.1-1_all.deb"
  dpkg -i cuda-keyring_1.1-1_all.deb && rm cuda-keyring_1.1-1_all.deb
  apt-get update
fi
# TensorFlow 2.9 (tfjs-node-gpu 4.22): CUDA 11.2 runtime and cuDNN 8.1. NVIDIA publishes cuda-11-2 for
# Ubuntu 20.04; on 22.04 the 11.x runtime of cuda-11-8 works through CUDA's minor-version compatibility.
if [ "$distro" = ubuntu2004 ]; then cuda11=11-2; cudnn8=8.1.1.33-1+cuda11.2; else cuda11=11-8; cudnn8=8.9.7.29-1+cuda11.8; fi
apt-get install -y --no-install-recommends "cuda-cudart-$cuda11" "libcublas-$cuda11" "libcufft-$cuda11" \
  "libcurand-$cuda11" "libcusolver-$cuda11" "libcusparse-$cuda11" "libcudnn8=$cudnn8"
# onnxruntime-node 1.23 CUDA provider: CUDA 12 and cuDNN 9.
apt-get install -y --no-install-recommends cuda-cudart-12-4 libcublas-12-4 libcufft-12-4 libcurand-12-4 \
  cuda-nvrtc-12-4 libcudnn9-cuda-12
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
ldconfig

npm install --no-audit --no-fund --onnxruntime-node-install=cuda12
# Install scripts run explicitly too, for npm versions that hold them back until approved.
npm_config_onnxruntime_node_install=cuda12 node node_modules/onnxruntime-node/script/install
npm install --no-save -w @crossover/trainer @tensorflow/tfjs-node-gpu@4.22.0
npm rebuild @tensorflow/tfjs-node-gpu
npm run build
echo "Smoke check (expects backend tensorflow-gpu and the cuda execution provider):"
npx crossover doctor --backend tensorflow-gpu --device cuda
