// tfjs-core's Node bundle ships without gradient definitions; the union package registers all of them
// (into the registry that every tfjs package shares), so importing it once makes training possible.
import '@tensorflow/tfjs';
