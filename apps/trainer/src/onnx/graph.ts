/**
 * A small builder for ONNX graphs on top of onnx-proto's generated protobuf classes: it names
 * intermediate values, stores weights as raw little-endian initializers and serialises the model.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
type Attribute = onnxProto.onnx.IAttributeProto;
type ValueInfo = onnxProto.onnx.IValueInfoProto;

export const DataType = onnx.TensorProto.DataType;
export const OPSET = 17;
/** IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;

export const attr = {
  int: (name: string, i: number): Attribute => ({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
  ints: (name: string, ints: number[]): Attribute => ({
    name,
    type: onnx.AttributeProto.AttributeType.INTS,
    ints,
  }),
  float: (name: string, f: number): Attribute => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f }),
};

/** A dimension is either fixed or a named symbolic one such as `batch_size`. */
export type Dim = number | string;

export function valueInfo(name: string, elemType: number, dims: Dim[]): ValueInfo {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  /** Adds a node; returns its output names (fresh ones unless `outputs` names them). */
  node(opType: string, inputs: string[], attributes: Attribute[] = [], outputs?: string[]): string[] {
    const outs = outputs ?? [this.fresh(opType)];
    this.nodes.push({
      opType,
      input: inputs,
      output: outs,
      attribute: attributes,
      name: `${opType}_${this.counter++}`,
    });
    return outs;
  }

  /** The single-output form of `node`. */
  op(opType: string, inputs: string[], attributes: Attribute[] = [], output?: string): string {
    return this.node(opType, inputs, attributes, output ? [output] : undefined)[0] as string;
  }

  floatTensor(name: string, values: Float32Array, dims: number[]): string {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    return this.initializer({ name, dataType: DataType.FLOAT, dims, rawData: Uint8Array.from(bytes) });
  }

  floatScalar(value: number): string {
    return this.floatTensor(this.fresh('const_f'), Float32Array.of(value), []);
  }

  /** int64 constant; a number gives a scalar, an array a 1-D tensor. */
  int64(value: number | number[]): string {
    const values = typeof value === 'number' ? [value] : value;
    const dims = typeof value === 'number' ? [] : [values.length];
    return this.initializer({
      name: this.fresh('const_i'),
      dataType: DataType.INT64,
      dims,
      int64Data: values,
    });
  }

  toModel(inputs: ValueInfo[], outputs: ValueInfo[], docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'crossover-trainer',
      producerVersion: '0.1.0',
      docString,
      graph: {
        name: 'gpt',
        node: this.nodes,
        initializer: this.initializers,
        input: inputs,
        output: outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private initializer(tensor: onnxProto.onnx.ITensorProto): string {
    this.initializers.push(tensor);
    return tensor.name as string;
  }

  private fresh(prefix: string): string {
    let name = `${prefix}_${this.counter++}`;
    while (this.names.has(name)) name = `${prefix}_${this.counter++}`;
    this.names.add(name);
    return name;
  }
}
