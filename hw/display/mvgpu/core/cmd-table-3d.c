/*
 * mvgpu core: the Gen9 command-type-3 table (3D, common state, media,
 * GPGPU, video and VEBOX commands).
 *
 * Entries are sorted by key and keys are unique. Lengths come from
 * DW0 bits 7:0 (length - 2) unless noted. Address bits mark the dwords
 * that start a 48-bit graphics address held in two dwords.
 *
 * Type-3 keys are shared between engines: the MFX commands on the video
 * engine reuse pipeline 2, opcodes 0 and 1, which the render engine uses
 * for media and GPGPU commands. Where a key means different commands on
 * RCS and VCS there is one entry naming both; its length is the loosest
 * of the two and its addresses are left to engine-specific handling.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "cmd.h"

#define A(i)        (1u << (i))
#define RV          (MVGPU_CMD_RCS | MVGPU_CMD_VCS)

/* Fixed length n, length field in DW0 bits 7:0. */
#define FIX(n)      .len_bits = 8, .len_min = (n), .len_max = (n)
/* Variable length of at least n dwords. */
#define VAR(n)      .len_bits = 8, .len_min = (n), .len_max = 0
/* Exactly one dword, no length field. */
#define ONE         .len_bits = 0, .len_min = 1, .len_max = 1

const MvgpuCmdDesc mvgpu_cmd_table_3d[] = {
    /* Common state: pipeline 0 */
    { .name = "STATE_PREFETCH", .key = MVGPU_CMD_3D(0, 0, 0x03),
      .engines = MVGPU_CMD_RCS, .flags = MVGPU_CMD_A32, FIX(2),
      .addr = A(1) },   /* prefetch pointer: one dword, 31:6 */
    { .name = "STATE_BASE_ADDRESS", .key = MVGPU_CMD_3D(0, 1, 0x01),
      .engines = MVGPU_CMD_RCS, FIX(19),
      /* general, surface, dynamic, indirect, instruction, bindless */
      .addr = A(1) | A(4) | A(6) | A(8) | A(10) | A(16) },
    { .name = "STATE_SIP", .key = MVGPU_CMD_3D(0, 1, 0x02),
      .engines = MVGPU_CMD_RCS, FIX(3) },  /* SIP is an offset */
    { .name = "SWTESS_BASE_ADDRESS", .key = MVGPU_CMD_3D(0, 1, 0x03),
      .engines = MVGPU_CMD_RCS, .len_bits = 8, .len_min = 2,
      .len_max = 3 },   /* addresses: TODO (dword 1, width unverified) */
    { .name = "GPGPU_CSR_BASE_ADDRESS", .key = MVGPU_CMD_3D(0, 1, 0x04),
      .engines = MVGPU_CMD_RCS, FIX(3), .addr = A(1) },

    /* Common state: pipeline 1 */
    { .name = "MFX_WAIT", .key = MVGPU_CMD_3D(1, 0, 0x00),
      .engines = MVGPU_CMD_VCS, ONE },
    { .name = "3DSTATE_VF_STATISTICS", .key = MVGPU_CMD_3D(1, 0, 0x0b),
      .engines = MVGPU_CMD_RCS, ONE },
    { .name = "PIPELINE_SELECT", .key = MVGPU_CMD_3D(1, 1, 0x04),
      .engines = MVGPU_CMD_RCS, ONE },

    /*
     * Media and GPGPU (RCS) sharing keys with MFX (VCS), pipeline 2,
     * opcode 0. Addresses: TODO per engine (the MFX buffer-address
     * commands carry many; the media ones carry offsets only).
     */
    { .name = "MEDIA_VFE_STATE/MFX_PIPE_MODE_SELECT",
      .key = MVGPU_CMD_3D(2, 0, 0x00), .engines = RV, VAR(5) },
    { .name = "MEDIA_CURBE_LOAD/MFX_SURFACE_STATE",
      .key = MVGPU_CMD_3D(2, 0, 0x01), .engines = RV, VAR(4) },
    { .name = "MEDIA_INTERFACE_DESCRIPTOR_LOAD/MFX_PIPE_BUF_ADDR_STATE",
      .key = MVGPU_CMD_3D(2, 0, 0x02), .engines = RV, VAR(4) },
    { .name = "MFX_IND_OBJ_BASE_ADDR_STATE", .key = MVGPU_CMD_3D(2, 0, 0x03),
      .engines = MVGPU_CMD_VCS, VAR(3) },   /* addresses: TODO */
    { .name = "MEDIA_STATE_FLUSH/MFX_BSP_BUF_BASE_ADDR_STATE",
      .key = MVGPU_CMD_3D(2, 0, 0x04), .engines = RV, VAR(2) },
    { .name = "MFX_STATE_POINTER", .key = MVGPU_CMD_3D(2, 0, 0x06),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFX_QM_STATE", .key = MVGPU_CMD_3D(2, 0, 0x07),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFX_FQM_STATE", .key = MVGPU_CMD_3D(2, 0, 0x08),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_IT_OBJECT", .key = MVGPU_CMD_3D(2, 0, 0x29),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFX_PAK_INSERT_OBJECT", .key = MVGPU_CMD_3D(2, 0, 0x48),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFX_STITCH_OBJECT", .key = MVGPU_CMD_3D(2, 0, 0x4a),
      .engines = MVGPU_CMD_VCS, VAR(2) },

    /*
     * Media walkers (RCS) sharing keys with MFX AVC state (VCS),
     * pipeline 2, opcode 1. Addresses: TODO per engine.
     */
    { .name = "MEDIA_OBJECT/MFX_AVC_IMG_STATE",
      .key = MVGPU_CMD_3D(2, 1, 0x00), .engines = RV, VAR(2) },
    { .name = "MFX_AVC_QM_STATE", .key = MVGPU_CMD_3D(2, 1, 0x01),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MEDIA_OBJECT_PRT/MFX_AVC_DIRECTMODE_STATE",
      .key = MVGPU_CMD_3D(2, 1, 0x02), .engines = RV, VAR(2) },
    { .name = "MEDIA_OBJECT_WALKER/MFX_AVC_SLICE_STATE",
      .key = MVGPU_CMD_3D(2, 1, 0x03), .engines = RV, VAR(2) },
    { .name = "MFX_AVC_REF_IDX_STATE", .key = MVGPU_CMD_3D(2, 1, 0x04),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "GPGPU_WALKER/MFX_AVC_WEIGHTOFFSET_STATE",
      .key = MVGPU_CMD_3D(2, 1, 0x05), .engines = RV, VAR(2) },
    { .name = "MFD_AVC_PICID_STATE", .key = MVGPU_CMD_3D(2, 1, 0x25),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_AVC_DPB_STATE", .key = MVGPU_CMD_3D(2, 1, 0x26),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_AVC_SLICEADDR", .key = MVGPU_CMD_3D(2, 1, 0x27),
      .engines = MVGPU_CMD_VCS, VAR(2) },   /* addresses: TODO */
    { .name = "MFD_AVC_BSD_OBJECT", .key = MVGPU_CMD_3D(2, 1, 0x28),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFC_AVC_PAK_OBJECT", .key = MVGPU_CMD_3D(2, 1, 0x49),
      .engines = MVGPU_CMD_VCS, VAR(2) },

    /* MFX VC-1 (VCS). Addresses: TODO */
    { .name = "MFX_VC1_PRED_PIPE_STATE", .key = MVGPU_CMD_3D(2, 2, 0x01),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFX_VC1_DIRECTMODE_STATE", .key = MVGPU_CMD_3D(2, 2, 0x02),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_VC1_SHORT_PIC_STATE", .key = MVGPU_CMD_3D(2, 2, 0x20),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_VC1_LONG_PIC_STATE", .key = MVGPU_CMD_3D(2, 2, 0x21),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_VC1_BSD_OBJECT", .key = MVGPU_CMD_3D(2, 2, 0x28),
      .engines = MVGPU_CMD_VCS, VAR(2) },

    /* MFX MPEG-2 (VCS) */
    { .name = "MFX_MPEG2_PIC_STATE", .key = MVGPU_CMD_3D(2, 3, 0x00),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFX_MPEG2_QM_STATE", .key = MVGPU_CMD_3D(2, 3, 0x01),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_MPEG2_BSD_OBJECT", .key = MVGPU_CMD_3D(2, 3, 0x28),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFC_MPEG2_SLICEGROUP_STATE", .key = MVGPU_CMD_3D(2, 3, 0x43),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFC_MPEG2_PAK_OBJECT", .key = MVGPU_CMD_3D(2, 3, 0x49),
      .engines = MVGPU_CMD_VCS, VAR(2) },

    /* VEBOX (VECS). Addresses: TODO */
    { .name = "VEB_SURFACE_STATE", .key = MVGPU_CMD_3D(2, 4, 0x00),
      .engines = MVGPU_CMD_VECS, VAR(2) },
    { .name = "VEB_STATE", .key = MVGPU_CMD_3D(2, 4, 0x02),
      .engines = MVGPU_CMD_VECS, VAR(2) },
    { .name = "VEB_DI_IECP", .key = MVGPU_CMD_3D(2, 4, 0x03),
      .engines = MVGPU_CMD_VECS, VAR(2) },

    /* MFX JPEG (VCS) */
    { .name = "MFX_JPEG_PIC_STATE", .key = MVGPU_CMD_3D(2, 7, 0x00),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFX_JPEG_HUFF_TABLE_STATE", .key = MVGPU_CMD_3D(2, 7, 0x02),
      .engines = MVGPU_CMD_VCS, VAR(2) },
    { .name = "MFD_JPEG_BSD_OBJECT", .key = MVGPU_CMD_3D(2, 7, 0x28),
      .engines = MVGPU_CMD_VCS, VAR(2) },

    /* 3D state, pipeline 3 opcode 0: buffers */
    { .name = "3DSTATE_CLEAR_PARAMS", .key = MVGPU_CMD_3D(3, 0, 0x04),
      .engines = MVGPU_CMD_RCS, FIX(3) },
    { .name = "3DSTATE_DEPTH_BUFFER", .key = MVGPU_CMD_3D(3, 0, 0x05),
      .engines = MVGPU_CMD_RCS, FIX(8), .addr = A(2) },
    { .name = "3DSTATE_STENCIL_BUFFER", .key = MVGPU_CMD_3D(3, 0, 0x06),
      .engines = MVGPU_CMD_RCS, FIX(5), .addr = A(2) },
    { .name = "3DSTATE_HIER_DEPTH_BUFFER", .key = MVGPU_CMD_3D(3, 0, 0x07),
      .engines = MVGPU_CMD_RCS, FIX(5), .addr = A(2) },
    /*
     * One 4-dword VERTEX_BUFFER_STATE per buffer, address at its dword 1;
     * only the first is marked, the repeats are handled separately.
     */
    { .name = "3DSTATE_VERTEX_BUFFERS", .key = MVGPU_CMD_3D(3, 0, 0x08),
      .engines = MVGPU_CMD_RCS, VAR(5), .addr = A(2) },
    { .name = "3DSTATE_VERTEX_ELEMENTS", .key = MVGPU_CMD_3D(3, 0, 0x09),
      .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_INDEX_BUFFER", .key = MVGPU_CMD_3D(3, 0, 0x0a),
      .engines = MVGPU_CMD_RCS, FIX(5), .addr = A(2) },
    { .name = "3DSTATE_VF", .key = MVGPU_CMD_3D(3, 0, 0x0c),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_MULTISAMPLE", .key = MVGPU_CMD_3D(3, 0, 0x0d),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_CC_STATE_POINTERS", .key = MVGPU_CMD_3D(3, 0, 0x0e),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_SCISSOR_STATE_POINTERS",
      .key = MVGPU_CMD_3D(3, 0, 0x0f), .engines = MVGPU_CMD_RCS, FIX(2) },

    /* 3D state: shader stages and fixed functions */
    { .name = "3DSTATE_VS", .key = MVGPU_CMD_3D(3, 0, 0x10),
      .engines = MVGPU_CMD_RCS, FIX(9) },
    { .name = "3DSTATE_GS", .key = MVGPU_CMD_3D(3, 0, 0x11),
      .engines = MVGPU_CMD_RCS, FIX(10) },
    { .name = "3DSTATE_CLIP", .key = MVGPU_CMD_3D(3, 0, 0x12),
      .engines = MVGPU_CMD_RCS, FIX(4) },
    { .name = "3DSTATE_SF", .key = MVGPU_CMD_3D(3, 0, 0x13),
      .engines = MVGPU_CMD_RCS, FIX(4) },
    { .name = "3DSTATE_WM", .key = MVGPU_CMD_3D(3, 0, 0x14),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    /*
     * Push constants: 11 dwords on Gen9; the buffer pointers in dwords
     * 3, 5, 7, 9 are addresses or offsets depending on a mode bit.
     * Addresses: TODO.
     */
    { .name = "3DSTATE_CONSTANT_VS", .key = MVGPU_CMD_3D(3, 0, 0x15),
      .engines = MVGPU_CMD_RCS, FIX(11) },
    { .name = "3DSTATE_CONSTANT_GS", .key = MVGPU_CMD_3D(3, 0, 0x16),
      .engines = MVGPU_CMD_RCS, FIX(11) },
    { .name = "3DSTATE_CONSTANT_PS", .key = MVGPU_CMD_3D(3, 0, 0x17),
      .engines = MVGPU_CMD_RCS, FIX(11) },
    { .name = "3DSTATE_SAMPLE_MASK", .key = MVGPU_CMD_3D(3, 0, 0x18),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_CONSTANT_HS", .key = MVGPU_CMD_3D(3, 0, 0x19),
      .engines = MVGPU_CMD_RCS, FIX(11) },
    { .name = "3DSTATE_CONSTANT_DS", .key = MVGPU_CMD_3D(3, 0, 0x1a),
      .engines = MVGPU_CMD_RCS, FIX(11) },
    { .name = "3DSTATE_HS", .key = MVGPU_CMD_3D(3, 0, 0x1b),
      .engines = MVGPU_CMD_RCS, FIX(9) },
    { .name = "3DSTATE_TE", .key = MVGPU_CMD_3D(3, 0, 0x1c),
      .engines = MVGPU_CMD_RCS, FIX(4) },
    { .name = "3DSTATE_DS", .key = MVGPU_CMD_3D(3, 0, 0x1d),
      .engines = MVGPU_CMD_RCS, VAR(9) },   /* 11 on Gen9, 9 on Gen8 */
    { .name = "3DSTATE_STREAMOUT", .key = MVGPU_CMD_3D(3, 0, 0x1e),
      .engines = MVGPU_CMD_RCS, FIX(5) },
    { .name = "3DSTATE_SBE", .key = MVGPU_CMD_3D(3, 0, 0x1f),
      .engines = MVGPU_CMD_RCS, VAR(4) },   /* 6 on Gen9, 4 on Gen8 */
    { .name = "3DSTATE_PS", .key = MVGPU_CMD_3D(3, 0, 0x20),
      .engines = MVGPU_CMD_RCS, FIX(12) },

    /* 3D state: state pointers (offsets, not addresses) */
    { .name = "3DSTATE_VIEWPORT_STATE_POINTERS_SF_CLIP",
      .key = MVGPU_CMD_3D(3, 0, 0x21), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_VIEWPORT_STATE_POINTERS_CC",
      .key = MVGPU_CMD_3D(3, 0, 0x23), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_BLEND_STATE_POINTERS",
      .key = MVGPU_CMD_3D(3, 0, 0x24), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_BINDING_TABLE_POINTERS_VS",
      .key = MVGPU_CMD_3D(3, 0, 0x26), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_BINDING_TABLE_POINTERS_HS",
      .key = MVGPU_CMD_3D(3, 0, 0x27), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_BINDING_TABLE_POINTERS_DS",
      .key = MVGPU_CMD_3D(3, 0, 0x28), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_BINDING_TABLE_POINTERS_GS",
      .key = MVGPU_CMD_3D(3, 0, 0x29), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_BINDING_TABLE_POINTERS_PS",
      .key = MVGPU_CMD_3D(3, 0, 0x2a), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_SAMPLER_STATE_POINTERS_VS",
      .key = MVGPU_CMD_3D(3, 0, 0x2b), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_SAMPLER_STATE_POINTERS_HS",
      .key = MVGPU_CMD_3D(3, 0, 0x2c), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_SAMPLER_STATE_POINTERS_DS",
      .key = MVGPU_CMD_3D(3, 0, 0x2d), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_SAMPLER_STATE_POINTERS_GS",
      .key = MVGPU_CMD_3D(3, 0, 0x2e), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_SAMPLER_STATE_POINTERS_PS",
      .key = MVGPU_CMD_3D(3, 0, 0x2f), .engines = MVGPU_CMD_RCS, FIX(2) },

    /* 3D state: URB */
    { .name = "3DSTATE_URB_VS", .key = MVGPU_CMD_3D(3, 0, 0x30),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_URB_HS", .key = MVGPU_CMD_3D(3, 0, 0x31),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_URB_DS", .key = MVGPU_CMD_3D(3, 0, 0x32),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_URB_GS", .key = MVGPU_CMD_3D(3, 0, 0x33),
      .engines = MVGPU_CMD_RCS, FIX(2) },

    /* 3D state: gather constants (variable entry lists) */
    { .name = "3DSTATE_GATHER_CONSTANT_VS", .key = MVGPU_CMD_3D(3, 0, 0x34),
      .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_GATHER_CONSTANT_GS", .key = MVGPU_CMD_3D(3, 0, 0x35),
      .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_GATHER_CONSTANT_HS", .key = MVGPU_CMD_3D(3, 0, 0x36),
      .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_GATHER_CONSTANT_DS", .key = MVGPU_CMD_3D(3, 0, 0x37),
      .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_GATHER_CONSTANT_PS", .key = MVGPU_CMD_3D(3, 0, 0x38),
      .engines = MVGPU_CMD_RCS, VAR(3) },

    /* 3D state: binding table edits (variable entry lists) */
    { .name = "3DSTATE_BINDING_TABLE_EDIT_VS",
      .key = MVGPU_CMD_3D(3, 0, 0x43), .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_BINDING_TABLE_EDIT_GS",
      .key = MVGPU_CMD_3D(3, 0, 0x44), .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_BINDING_TABLE_EDIT_HS",
      .key = MVGPU_CMD_3D(3, 0, 0x45), .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_BINDING_TABLE_EDIT_DS",
      .key = MVGPU_CMD_3D(3, 0, 0x46), .engines = MVGPU_CMD_RCS, VAR(3) },
    { .name = "3DSTATE_BINDING_TABLE_EDIT_PS",
      .key = MVGPU_CMD_3D(3, 0, 0x47), .engines = MVGPU_CMD_RCS, VAR(3) },

    /* 3D state: Gen8+ split-out state */
    { .name = "3DSTATE_VF_INSTANCING", .key = MVGPU_CMD_3D(3, 0, 0x49),
      .engines = MVGPU_CMD_RCS, FIX(3) },
    { .name = "3DSTATE_VF_SGVS", .key = MVGPU_CMD_3D(3, 0, 0x4a),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_VF_TOPOLOGY", .key = MVGPU_CMD_3D(3, 0, 0x4b),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_WM_CHROMAKEY", .key = MVGPU_CMD_3D(3, 0, 0x4c),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_PS_BLEND", .key = MVGPU_CMD_3D(3, 0, 0x4d),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_WM_DEPTH_STENCIL", .key = MVGPU_CMD_3D(3, 0, 0x4e),
      .engines = MVGPU_CMD_RCS, VAR(3) },   /* 4 on Gen9, 3 on Gen8 */
    { .name = "3DSTATE_PS_EXTRA", .key = MVGPU_CMD_3D(3, 0, 0x4f),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_RASTER", .key = MVGPU_CMD_3D(3, 0, 0x50),
      .engines = MVGPU_CMD_RCS, FIX(5) },
    { .name = "3DSTATE_SBE_SWIZ", .key = MVGPU_CMD_3D(3, 0, 0x51),
      .engines = MVGPU_CMD_RCS, FIX(11) },
    { .name = "3DSTATE_WM_HZ_OP", .key = MVGPU_CMD_3D(3, 0, 0x52),
      .engines = MVGPU_CMD_RCS, FIX(5) },
    { .name = "3DSTATE_VF_COMPONENT_PACKING", .key = MVGPU_CMD_3D(3, 0, 0x55),
      .engines = MVGPU_CMD_RCS, FIX(5) },

    /* 3D state, pipeline 3 opcode 1 */
    { .name = "3DSTATE_DRAWING_RECTANGLE", .key = MVGPU_CMD_3D(3, 1, 0x00),
      .engines = MVGPU_CMD_RCS, FIX(4) },
    { .name = "3DSTATE_SAMPLER_PALETTE_LOAD0",
      .key = MVGPU_CMD_3D(3, 1, 0x02), .engines = MVGPU_CMD_RCS, VAR(2) },
    { .name = "3DSTATE_CHROMA_KEY", .key = MVGPU_CMD_3D(3, 1, 0x04),
      .engines = MVGPU_CMD_RCS, FIX(4) },
    { .name = "3DSTATE_POLY_STIPPLE_OFFSET", .key = MVGPU_CMD_3D(3, 1, 0x06),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_POLY_STIPPLE_PATTERN",
      .key = MVGPU_CMD_3D(3, 1, 0x07), .engines = MVGPU_CMD_RCS, FIX(33) },
    { .name = "3DSTATE_LINE_STIPPLE", .key = MVGPU_CMD_3D(3, 1, 0x08),
      .engines = MVGPU_CMD_RCS, FIX(3) },
    { .name = "3DSTATE_AA_LINE_PARAMETERS", .key = MVGPU_CMD_3D(3, 1, 0x0a),
      .engines = MVGPU_CMD_RCS, FIX(3) },
    { .name = "3DSTATE_SAMPLER_PALETTE_LOAD1",
      .key = MVGPU_CMD_3D(3, 1, 0x0c), .engines = MVGPU_CMD_RCS, VAR(2) },
    { .name = "3DSTATE_MONOFILTER_SIZE", .key = MVGPU_CMD_3D(3, 1, 0x11),
      .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_PUSH_CONSTANT_ALLOC_VS",
      .key = MVGPU_CMD_3D(3, 1, 0x12), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_PUSH_CONSTANT_ALLOC_HS",
      .key = MVGPU_CMD_3D(3, 1, 0x13), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_PUSH_CONSTANT_ALLOC_DS",
      .key = MVGPU_CMD_3D(3, 1, 0x14), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_PUSH_CONSTANT_ALLOC_GS",
      .key = MVGPU_CMD_3D(3, 1, 0x15), .engines = MVGPU_CMD_RCS, FIX(2) },
    { .name = "3DSTATE_PUSH_CONSTANT_ALLOC_PS",
      .key = MVGPU_CMD_3D(3, 1, 0x16), .engines = MVGPU_CMD_RCS, FIX(2) },
    /* Its length field is 9 bits wide (3 + 2 dwords per declaration). */
    { .name = "3DSTATE_SO_DECL_LIST", .key = MVGPU_CMD_3D(3, 1, 0x17),
      .engines = MVGPU_CMD_RCS, .len_bits = 9, .len_min = 3, .len_max = 0 },
    /* Surface base address, then stream offset write-back address. */
    { .name = "3DSTATE_SO_BUFFER", .key = MVGPU_CMD_3D(3, 1, 0x18),
      .engines = MVGPU_CMD_RCS, FIX(8), .addr = A(2) | A(5) },
    { .name = "3DSTATE_BINDING_TABLE_POOL_ALLOC",
      .key = MVGPU_CMD_3D(3, 1, 0x19), .engines = MVGPU_CMD_RCS, FIX(4),
      .addr = A(1) },
    { .name = "3DSTATE_GATHER_POOL_ALLOC", .key = MVGPU_CMD_3D(3, 1, 0x1a),
      .engines = MVGPU_CMD_RCS, FIX(4), .addr = A(1) },
    { .name = "3DSTATE_DX9_CONSTANTBUFFER_POOL_ALLOC",
      .key = MVGPU_CMD_3D(3, 1, 0x1b), .engines = MVGPU_CMD_RCS, FIX(4),
      .addr = A(1) },
    { .name = "3DSTATE_SAMPLE_PATTERN", .key = MVGPU_CMD_3D(3, 1, 0x1c),
      .engines = MVGPU_CMD_RCS, FIX(9) },
    { .name = "3DSTATE_URB_CLEAR", .key = MVGPU_CMD_3D(3, 1, 0x1d),
      .engines = MVGPU_CMD_RCS, FIX(2) },

    /* Pipe control and drawing */
    { .name = "PIPE_CONTROL", .key = MVGPU_CMD_3D(3, 2, 0x00),
      .engines = MVGPU_CMD_RCS, .flags = MVGPU_CMD_EXEC, FIX(6),
      .addr = A(2) },
    { .name = "3DPRIMITIVE", .key = MVGPU_CMD_3D(3, 3, 0x00),
      .engines = MVGPU_CMD_RCS, FIX(7) },
};

const size_t mvgpu_cmd_table_3d_len =
    sizeof(mvgpu_cmd_table_3d) / sizeof(mvgpu_cmd_table_3d[0]);
